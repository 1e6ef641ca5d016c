// The PCI DSS 4.2.1.1 / 12.3.3 inventory report: every trusted key and certificate of one
// environment (or all), the protocols and cipher suites the latest probes saw, the open findings
// and the last yearly review, as of one point of the audit chain. See ADR 0024.
import crypto from "node:crypto";
import type { Db, Tx } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import { certificateState, daysLeft } from "@/lib/renewal/dates";
import { rotateBy, signingKeyStatus } from "@/lib/signing-key/rotation";
import { slugOf, TRUST_STORE_KINDS, type TrustStoreSlug } from "@/lib/trust-store/kinds";
import type { ProbeReport } from "@/lib/probe/evidence";
import { nextReviewDue, reviewOverdue } from "@/lib/review/due";
import { openFindings, type FindingSource, FINDING_SOURCES } from "./findings";
import { isoDay } from "@/lib/dates";

// Same key as lib/audit/append.ts: while the report reads, no audited change can commit, so the
// rows are exactly those of the audit head the report names.
const AUDIT_CHAIN_LOCK_KEY = 7_263_110_002;

export const REPORT_FORMATS = ["pdf", "csv", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const REPORT_TITLE =
  "Inventory of trusted keys and certificates (PCI DSS v4 4.2.1.1, 12.3.3)";

export type Direction = "inbound" | "outbound";
export type InventoryKind = "client-certificate" | "oauth-signing-key" | "trust-store";

/** One trusted key or certificate: the same row in the PDF, the CSV and the JSON. */
export type InventoryRow = {
  merchantGatewayId: string;
  environment: string;
  kind: InventoryKind;
  /** The trust store's slug for a trust-store entry, else null. */
  store: TrustStoreSlug | null;
  purpose: string;
  direction: Direction;
  subject: string;
  commonName: string;
  algorithm: string;
  keyStrength: string;
  signatureAlgorithm: string;
  issuer: string;
  serialNumber: string;
  /** SHA-256 of the certificate (DER), or of the public key (SPKI DER) for a bare signing key; hex. */
  sha256: string;
  notBefore: string;
  /** Expiry, or for a signing key (which has none) the date it is due for rotation. */
  notAfter: string;
  daysLeft: number;
  status: string;
  installations: string;
  custodians: string;
  id: string;
};

export const INVENTORY_COLUMNS: (keyof InventoryRow)[] = [
  "merchantGatewayId",
  "environment",
  "kind",
  "store",
  "purpose",
  "direction",
  "subject",
  "commonName",
  "algorithm",
  "keyStrength",
  "signatureAlgorithm",
  "issuer",
  "serialNumber",
  "sha256",
  "notBefore",
  "notAfter",
  "daysLeft",
  "status",
  "installations",
  "custodians",
  "id",
];

/** One TLS version tried on one endpoint by its latest probe (12.3.3). */
export type ProtocolRow = {
  merchantGatewayId: string;
  environment: string;
  direction: Direction;
  endpoint: string;
  probedAt: string;
  protocol: "TLSv1.2" | "TLSv1.3";
  supported: boolean;
  cipher: string;
  chainVerified: boolean | null;
  clientCertRequired: boolean | null;
  detail: string;
};
export const PROTOCOL_COLUMNS: (keyof ProtocolRow)[] = [
  "merchantGatewayId",
  "environment",
  "direction",
  "endpoint",
  "probedAt",
  "protocol",
  "supported",
  "cipher",
  "chainVerified",
  "clientCertRequired",
  "detail",
];

export type FindingRow = {
  merchantGatewayId: string;
  environment: string;
  source: string;
  severity: string;
  title: string;
  detail: string;
  link: string;
  key: string;
};
export const FINDING_COLUMNS: (keyof FindingRow)[] = [
  "merchantGatewayId",
  "environment",
  "source",
  "severity",
  "title",
  "detail",
  "link",
  "key",
];

export type EnvironmentRow = {
  merchantGatewayId: string;
  gatewayName: string;
  environment: string;
  custodians: string;
  lastReviewedOn: string | null;
  lastReviewer: string | null;
  nextReviewDue: string | null;
  reviewOverdue: boolean;
};
export const ENVIRONMENT_COLUMNS: (keyof EnvironmentRow)[] = [
  "merchantGatewayId",
  "gatewayName",
  "environment",
  "custodians",
  "lastReviewedOn",
  "lastReviewer",
  "nextReviewDue",
  "reviewOverdue",
];

export type ReportReview = {
  reviewedOn: string;
  reviewer: string;
  scope: string;
  notes: string;
  changes: string;
} | null;

export type ReportData = {
  title: string;
  scope: { environmentId: string | null; label: string };
  generatedAt: string;
  generatedBy: string;
  /** The audit record of this report's generation: the chain's head the rows reflect. */
  auditHead: { seq: string; hash: string };
  review: { last: ReportReview; nextDue: string | null; overdue: boolean };
  environments: EnvironmentRow[];
  inventory: InventoryRow[];
  protocols: ProtocolRow[];
  findings: FindingRow[];
};

export type ReportScope = { environmentId: string | null; label: string; gatewayId: string | null };

const DIRECTION_WORDS: Record<Direction, string> = {
  inbound: "inbound (our host calls D1)",
  outbound: "outbound (D1 calls our server)",
};
export const directionLabel = (d: Direction) => DIRECTION_WORDS[d];

const STORE_FACTS: Record<TrustStoreSlug, { direction: Direction; purpose: string }> = {
  "client-cert-issuers": {
    direction: "inbound",
    purpose: "Issuer of our client certificate (Thales CA chain our TLS client presents)",
  },
  "d1-server-roots": {
    direction: "inbound",
    purpose: "Root our TLS client trusts for D1's server certificate",
  },
  "thales-client-ca": {
    direction: "outbound",
    purpose: "CA our server trusts for D1's client certificate",
  },
  "our-server-chain": {
    direction: "outbound",
    purpose: "Our server certificate chain, presented to D1",
  },
};

const iso = (d: Date) => d.toISOString();

const cnOf = (dn: string) =>
  /(?:^|,\s*)CN=((?:\\.|[^,])*)/.exec(dn)?.[1]?.replace(/\\(.)/g, "$1") ?? "";

function strength(
  keyType: string,
  keySize: number | null,
  curve: string | null,
): { algorithm: string; keyStrength: string } {
  if (keyType === "RSA")
    return { algorithm: "RSA", keyStrength: keySize ? `${keySize}-bit` : "unknown" };
  if (keyType === "ECDSA" || keyType === "EC")
    return { algorithm: "ECDSA", keyStrength: curve ?? "unknown curve" };
  return { algorithm: keyType, keyStrength: keySize ? `${keySize}-bit` : (curve ?? "") };
}

/** Key facts of a DER certificate, read with Node's own X.509 parser (fast enough for thousands). */
function derFacts(der: Uint8Array): {
  serialNumber: string;
  algorithm: string;
  keyStrength: string;
} {
  try {
    const x = new crypto.X509Certificate(der);
    const key = x.publicKey;
    const details = key.asymmetricKeyDetails ?? {};
    const type = key.asymmetricKeyType;
    const curve =
      details.namedCurve === "prime256v1"
        ? "P-256"
        : details.namedCurve === "secp384r1"
          ? "P-384"
          : details.namedCurve === "secp521r1"
            ? "P-521"
            : details.namedCurve;
    const facts =
      type === "rsa" || type === "rsa-pss"
        ? strength("RSA", details.modulusLength ?? null, null)
        : type === "ec"
          ? strength("ECDSA", null, curve ?? null)
          : { algorithm: String(type ?? "unknown").toUpperCase(), keyStrength: "" };
    return { serialNumber: x.serialNumber.toUpperCase(), ...facts };
  } catch {
    return { serialNumber: "unreadable", algorithm: "unreadable", keyStrength: "" };
  }
}

/** SHA-256 of a PEM public key's DER (SubjectPublicKeyInfo). */
function spkiSha256(pem: string): string {
  try {
    const der = crypto.createPublicKey(pem).export({ type: "spki", format: "der" });
    return crypto.createHash("sha256").update(der).digest("hex");
  } catch {
    return "";
  }
}

type InstallationLite = {
  certificateId: string | null;
  signingKeyId: string | null;
  probeTargetId: string | null;
  environmentId: string;
  kind: string;
  systemName: string;
  host: string;
  port: number | null;
  location: string;
  custodian: { name: string; email: string } | null;
};

const KIND_WORDS: Record<string, string> = {
  file: "file",
  java_keystore: "Java keystore",
  pkcs11: "PKCS#11/HSM",
  kubernetes_secret: "Kubernetes secret",
  host_port: "host:port",
  other: "other",
};

function describeInstallation(i: InstallationLite): string {
  const where = [i.host ? `${i.host}${i.port ? `:${i.port}` : ""}` : "", i.location]
    .filter(Boolean)
    .join(" ");
  return `${i.systemName} (${KIND_WORDS[i.kind] ?? i.kind}${where ? `: ${where}` : ""})`;
}

const person = (u: { name: string; email: string }) =>
  u.name && u.name !== u.email ? `${u.name} <${u.email}>` : u.email;
const uniqueJoin = (items: string[]) => [...new Set(items.filter(Boolean))].join("; ");

/**
 * Resolves `environment` (an environment id, or MERCHANTGATEWAYID/ENV) to a scope. Null: all.
 */
export async function resolveReportScope(
  db: Db,
  environment: string | undefined,
): Promise<{ ok: true; scope: ReportScope } | { ok: false; message: string }> {
  if (!environment)
    return {
      ok: true,
      scope: { environmentId: null, label: "All gateways and environments", gatewayId: null },
    };
  const pair = /^([A-Za-z0-9_-]{1,64})\/(PPR|PRD)$/.exec(environment);
  const found = pair
    ? await db.environment.findFirst({
        where: { code: pair[2] as "PPR" | "PRD", gateway: { merchantGatewayId: pair[1] } },
        include: { gateway: true },
      })
    : await db.environment.findUnique({ where: { id: environment }, include: { gateway: true } });
  if (!found)
    return {
      ok: false,
      message: `No environment "${environment}": give its id or MERCHANTGATEWAYID/PPR|PRD.`,
    };
  return {
    ok: true,
    scope: {
      environmentId: found.id,
      label: `${found.gateway.merchantGatewayId} (${found.gateway.name}) / ${found.code}`,
      gatewayId: found.gatewayId,
    },
  };
}

// Client certificates in the inventory: not revoked, and either not superseded or still installed
// somewhere (a superseded certificate nobody carries any more is history, not inventory).
const currentCertificates = {
  revokedAt: null,
  OR: [{ supersededById: null }, { installations: { some: { removedAt: null } } }],
};

/** The tables every batch of rows refers to (small: one row per environment, key, target, person). */
async function readContext(tx: Tx, scope: ReportScope) {
  const envWhere = scope.environmentId ? { environmentId: scope.environmentId } : {};
  const [environments, custodians, installations, signingKeys, targets, reviews] =
    await Promise.all([
      tx.environment.findMany({
        where: scope.environmentId ? { id: scope.environmentId } : {},
        select: {
          id: true,
          code: true,
          gateway: { select: { merchantGatewayId: true, name: true, keyRotationDays: true } },
        },
      }),
      tx.environmentCustodian.findMany({
        where: { ...envWhere, removedAt: null },
        include: { user: { select: { name: true, email: true, disabledAt: true } } },
        orderBy: { assignedAt: "asc" },
      }),
      tx.installation.findMany({
        where: { ...envWhere, removedAt: null },
        select: {
          certificateId: true,
          signingKeyId: true,
          probeTargetId: true,
          environmentId: true,
          kind: true,
          systemName: true,
          host: true,
          port: true,
          location: true,
          custodian: { select: { name: true, email: true } },
        },
        orderBy: [{ systemName: "asc" }, { id: "asc" }],
      }),
      tx.signingKey.findMany({
        where: { ...envWhere, retiredAt: null },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      }),
      tx.probeTarget.findMany({
        where: envWhere,
        orderBy: [{ direction: "asc" }, { host: "asc" }, { port: "asc" }],
        select: {
          environmentId: true,
          direction: true,
          host: true,
          port: true,
          results: {
            orderBy: [{ at: "desc" }, { id: "desc" }],
            take: 1,
            select: { at: true, result: true },
          },
        },
      }),
      tx.inventoryReview.findMany({
        orderBy: [{ reviewedOn: "desc" }, { createdAt: "desc" }],
        select: {
          environmentId: true,
          reviewedOn: true,
          reviewerLabel: true,
          notes: true,
          changes: true,
        },
      }),
    ]);
  // The report's order: gateway, then environment (as the rows were always sorted).
  environments.sort(
    (a, b) =>
      a.gateway.merchantGatewayId.localeCompare(b.gateway.merchantGatewayId) ||
      a.code.localeCompare(b.code),
  );
  return { environments, custodians, installations, signingKeys, targets, reviews };
}

type Context = Awaited<ReturnType<typeof readContext>>;

/** Lookups over the context: where an item lives, who holds it, where it is installed. */
function lookups(raw: Context) {
  const envById = new Map(raw.environments.map((e) => [e.id, e]));
  const custodiansOf = new Map<string, string[]>();
  for (const c of raw.custodians)
    custodiansOf.set(c.environmentId, [
      ...(custodiansOf.get(c.environmentId) ?? []),
      person(c.user) + (c.user.disabledAt ? " [disabled]" : ""),
    ]);
  const byCert = new Map<string, InstallationLite[]>();
  const byKey = new Map<string, InstallationLite[]>();
  const hostPorts = new Map<string, InstallationLite[]>();
  for (const i of raw.installations) {
    const push = (m: Map<string, InstallationLite[]>, k: string) =>
      m.set(k, [...(m.get(k) ?? []), i]);
    if (i.certificateId) push(byCert, i.certificateId);
    else if (i.signingKeyId) push(byKey, i.signingKeyId);
    else if (i.probeTargetId) push(hostPorts, i.environmentId);
  }
  const place = (environmentId: string) => {
    const e = envById.get(environmentId)!;
    return { merchantGatewayId: e.gateway.merchantGatewayId, environment: e.code };
  };
  const custody = (environmentId: string, installs: InstallationLite[]) =>
    uniqueJoin([
      ...installs.map((i) => (i.custodian ? person(i.custodian) : "")),
      ...(custodiansOf.get(environmentId) ?? []),
    ]);
  const installed = (installs: InstallationLite[]) => installs.map(describeInstallation).join("; ");
  return { envById, custodiansOf, byCert, byKey, hostPorts, place, custody, installed };
}

type Lookups = ReturnType<typeof lookups>;

// Environments are read together until a batch holds about this many certificates and trust-store
// entries: the rows of one batch are all that is held at once (an environment is never split).
const BATCH_ROWS = 2_000;
const BATCH_ENVIRONMENTS = 500;

/** The environments in report order, grouped so that each group holds about BATCH_ROWS items. */
async function environmentBatches(
  tx: Tx,
  raw: Context,
  scope: ReportScope,
  batchRows = BATCH_ROWS,
): Promise<string[][]> {
  const ids = raw.environments.map((e) => e.id);
  const envWhere = scope.environmentId ? { environmentId: scope.environmentId } : {};
  const [certificates, entries] = await Promise.all([
    tx.certificate.groupBy({
      by: ["environmentId"],
      where: { ...envWhere, ...currentCertificates },
      _count: { _all: true },
    }),
    tx.trustStoreEntry.groupBy({
      by: ["environmentId"],
      where: envWhere,
      _count: { _all: true },
    }),
  ]);
  const items = new Map<string, number>();
  for (const row of [...certificates, ...entries])
    items.set(row.environmentId, (items.get(row.environmentId) ?? 0) + row._count._all);
  const batches: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const id of ids) {
    // Many empty environments still make a group end: a query names at most BATCH_ENVIRONMENTS.
    if (
      current.length > 0 &&
      (size + (items.get(id) ?? 0) > batchRows || current.length >= BATCH_ENVIRONMENTS)
    ) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(id);
    size += items.get(id) ?? 0;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

const storeOrder = Object.keys(TRUST_STORE_KINDS);

/** The inventory rows of a group of environments, in report order. */
async function inventoryRowsOf(
  tx: Tx,
  raw: Context,
  look: Lookups,
  environmentIds: string[],
  now: Date,
): Promise<InventoryRow[]> {
  const [certificates, trustEntries] = await Promise.all([
    tx.certificate.findMany({
      where: { environmentId: { in: environmentIds }, ...currentCertificates },
      select: {
        id: true,
        environmentId: true,
        commonName: true,
        subjectDn: true,
        issuerDn: true,
        serialNumber: true,
        keyType: true,
        keySize: true,
        curve: true,
        signatureAlgorithm: true,
        sha256: true,
        notBefore: true,
        notAfter: true,
        revokedAt: true,
        supersededById: true,
        compliant: true,
      },
      orderBy: [{ notAfter: "asc" }, { id: "asc" }],
    }),
    tx.trustStoreEntry.findMany({
      where: { environmentId: { in: environmentIds } },
      orderBy: [{ kind: "asc" }, { notAfter: "asc" }, { id: "asc" }],
    }),
  ]);
  const { place, custody, installed, byCert, byKey, hostPorts, envById } = look;
  const rowsOf = new Map<string, InventoryRow[]>(environmentIds.map((id) => [id, []]));
  for (const c of certificates) {
    const installs = byCert.get(c.id) ?? [];
    rowsOf.get(c.environmentId)!.push({
      ...place(c.environmentId),
      kind: "client-certificate",
      store: null,
      purpose: "Our mTLS client certificate, presented to D1",
      direction: "inbound",
      subject: c.subjectDn,
      commonName: c.commonName,
      ...strength(c.keyType, c.keySize, c.curve),
      signatureAlgorithm: c.signatureAlgorithm,
      issuer: c.issuerDn,
      serialNumber: c.serialNumber,
      sha256: c.sha256,
      notBefore: iso(c.notBefore),
      notAfter: iso(c.notAfter),
      daysLeft: daysLeft(c.notAfter, now),
      status: certificateState(c, now) + (c.compliant ? "" : ", not compliant"),
      installations: installed(installs),
      custodians: custody(c.environmentId, installs),
      id: c.id,
    });
  }
  for (const k of raw.signingKeys) {
    const rows = rowsOf.get(k.environmentId);
    if (!rows) continue;
    const env = envById.get(k.environmentId)!;
    const due = rotateBy(k, env.gateway.keyRotationDays);
    const installs = byKey.get(k.id) ?? [];
    rows.push({
      ...place(k.environmentId),
      kind: "oauth-signing-key",
      store: null,
      purpose:
        "OAuth ES256 key signing our JWT bearer assertions to D1 (public key onboarded with Thales)",
      direction: "inbound",
      subject: `JWK thumbprint (kid) ${k.thumbprint}`,
      commonName: "",
      algorithm: "ECDSA",
      keyStrength: "P-256",
      signatureAlgorithm: k.alg,
      issuer: "none: a bare key, onboarded with Thales",
      serialNumber: "",
      sha256: spkiSha256(k.publicKeyPem),
      notBefore: iso(k.onboardedAt ?? k.createdAt),
      notAfter: iso(due),
      daysLeft: daysLeft(due, now),
      status: `${signingKeyStatus(k)}, rotate by ${isoDay(due)}`,
      installations: installed(installs),
      custodians: custody(k.environmentId, installs),
      id: k.id,
    });
  }
  const entries = trustEntries.sort(
    (a, b) =>
      storeOrder.indexOf(slugOf(a.kind)) - storeOrder.indexOf(slugOf(b.kind)) ||
      a.notAfter.getTime() - b.notAfter.getTime() ||
      a.id.localeCompare(b.id),
  );
  for (const e of entries) {
    const slug = slugOf(e.kind);
    const facts = STORE_FACTS[slug];
    const installs = slug === "our-server-chain" ? (hostPorts.get(e.environmentId) ?? []) : [];
    const left = daysLeft(e.notAfter, now);
    rowsOf.get(e.environmentId)!.push({
      ...place(e.environmentId),
      kind: "trust-store",
      store: slug,
      purpose: facts.purpose,
      direction: facts.direction,
      subject: e.subjectDn,
      commonName: cnOf(e.subjectDn),
      ...derFacts(e.der),
      signatureAlgorithm: "",
      issuer: e.selfIssued ? `${e.issuerDn} (self-issued)` : e.issuerDn,
      sha256: e.sha256,
      notBefore: iso(e.notBefore),
      notAfter: iso(e.notAfter),
      daysLeft: left,
      status:
        (left < 0 ? "expired" : left <= 30 ? "expiring" : "valid") + (e.isCa ? ", CA" : ", leaf"),
      installations: installed(installs),
      custodians: custody(e.environmentId, installs),
      id: e.id,
    });
  }
  return environmentIds.flatMap((id) => rowsOf.get(id)!);
}

/** The protocols seen, the environments' reviews and the report's own review line. */
function contextRows(raw: Context, look: Lookups, scope: ReportScope, now: Date) {
  const { place, custodiansOf } = look;
  const protocols: ProtocolRow[] = [];
  for (const t of raw.targets) {
    const latest = t.results[0];
    if (!latest) continue;
    const report = latest.result as unknown as ProbeReport;
    for (const [protocol, seen] of [
      ["TLSv1.2", report.tls12],
      ["TLSv1.3", report.tls13],
    ] as const) {
      protocols.push({
        ...place(t.environmentId),
        direction: t.direction as Direction,
        endpoint: `${t.host}:${t.port}`,
        probedAt: iso(latest.at),
        protocol,
        supported: seen?.ok === true,
        cipher: seen?.ok ? (seen.cipher ?? "") : "",
        chainVerified: report.chain ? report.chain.verified : null,
        clientCertRequired: report.clientCertRequired ?? null,
        detail: seen?.ok ? "" : (seen?.error ?? "not negotiated"),
      });
    }
  }

  // Reviews: an environment's own or a review of everything covers it; "everything" only a review of everything.
  const lastFor = (environmentId: string | null) =>
    raw.reviews.find(
      (r) =>
        r.environmentId === null || (environmentId !== null && r.environmentId === environmentId),
    ) ?? null;
  const environments: EnvironmentRow[] = raw.environments.map((e) => {
    const last = lastFor(e.id);
    const due = nextReviewDue(last?.reviewedOn ?? null);
    return {
      merchantGatewayId: e.gateway.merchantGatewayId,
      gatewayName: e.gateway.name,
      environment: e.code,
      custodians: uniqueJoin(custodiansOf.get(e.id) ?? []),
      lastReviewedOn: last ? isoDay(last.reviewedOn) : null,
      lastReviewer: last?.reviewerLabel ?? null,
      nextReviewDue: due ? isoDay(due) : null,
      reviewOverdue: reviewOverdue(last?.reviewedOn ?? null, now),
    };
  });
  const last = scope.environmentId
    ? lastFor(scope.environmentId)
    : (raw.reviews.find((r) => r.environmentId === null) ?? null);
  const scopeOf = (id: string | null) =>
    id ? `${place(id).merchantGatewayId}/${place(id).environment}` : "everything";
  const due = nextReviewDue(last?.reviewedOn ?? null);
  const review = {
    last: last
      ? {
          reviewedOn: isoDay(last.reviewedOn),
          reviewer: last.reviewerLabel,
          scope: scopeOf(last.environmentId),
          notes: last.notes,
          changes: last.changes,
        }
      : null,
    nextDue: due ? isoDay(due) : null,
    overdue: reviewOverdue(last?.reviewedOn ?? null, now),
  };
  return { protocols, environments, review };
}

export type ReportOptions = {
  now?: Date;
  sources?: FindingSource[];
  section?: string;
  /** How many items a group of environments holds at most (tests make it small). */
  batchRows?: number;
};

/** A report without its inventory rows, which went to the caller a batch at a time. */
export type ReportSummary = Omit<ReportData, "inventory"> & { inventoryCount: number };

/**
 * Collects the report and audits its generation (who, scope, format, how many rows), in one
 * transaction that holds the audit chain's lock: the head it names is its own generation record,
 * and no audited change committed between that head and the rows. The inventory rows are handed
 * to `onInventory` in report order, a group of environments at a time, and not kept: a report
 * of 100,000 certificates needs the memory of one group, not of all of them.
 */
export async function produceReport(
  db: Db,
  actor: Actor,
  scope: ReportScope,
  format: ReportFormat,
  onInventory: (rows: InventoryRow[]) => Promise<void> | void,
  options: ReportOptions = {},
): Promise<ReportSummary> {
  const now = options.now ?? new Date();
  // Findings are derived from the same tables, read just before (their sources take a Db).
  const found = await openFindings(
    db,
    { environmentId: scope.environmentId ?? undefined, now },
    options.sources ?? FINDING_SOURCES,
  );
  return db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`);
      const raw = await readContext(tx, scope);
      const look = lookups(raw);
      let inventoryCount = 0;
      for (const batch of await environmentBatches(tx, raw, scope, options.batchRows)) {
        const rows = await inventoryRowsOf(tx, raw, look, batch, now);
        inventoryCount += rows.length;
        if (rows.length > 0) await onInventory(rows);
      }
      const built = contextRows(raw, look, scope, now);
      const findings: FindingRow[] = found
        .filter((f) => look.envById.has(f.environmentId))
        .map((f) => {
          const e = look.envById.get(f.environmentId)!;
          return {
            merchantGatewayId: e.gateway.merchantGatewayId,
            environment: e.code,
            source: f.source,
            severity: f.severity,
            title: f.title,
            detail: f.detail,
            link: f.link,
            key: f.key,
          };
        });
      await appendAudit(tx, actor, {
        action: "report.inventory.generate",
        objectType: "report",
        objectId: scope.environmentId ?? "all",
        gatewayId: scope.gatewayId,
        environmentId: scope.environmentId,
        summary: {
          scope: scope.label,
          format,
          ...(options.section ? { section: options.section } : {}),
          generatedAt: iso(now),
          rows: {
            inventory: inventoryCount,
            protocols: built.protocols.length,
            findings: findings.length,
          },
        },
      });
      const head = await tx.auditEvent.findFirst({
        orderBy: { seq: "desc" },
        select: { seq: true, hash: true },
      });
      return {
        title: REPORT_TITLE,
        scope: { environmentId: scope.environmentId, label: scope.label },
        generatedAt: iso(now),
        generatedBy: actor.label,
        auditHead: { seq: head!.seq.toString(), hash: head!.hash },
        review: built.review,
        environments: built.environments,
        protocols: built.protocols,
        findings,
        inventoryCount,
      };
    },
    { timeout: 120_000, maxWait: 20_000 },
  );
}

/** The whole report in memory (the PDF is laid out from it; CSV and JSON stream: ./respond.ts). */
export async function generateReport(
  db: Db,
  actor: Actor,
  scope: ReportScope,
  format: ReportFormat,
  options: ReportOptions = {},
): Promise<ReportData> {
  const inventory: InventoryRow[] = [];
  const { inventoryCount: _, ...summary } = await produceReport(
    db,
    actor,
    scope,
    format,
    (rows) => {
      for (const row of rows) inventory.push(row);
    },
    options,
  );
  return { ...summary, inventory };
}
