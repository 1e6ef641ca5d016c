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

/** Reads every row of the report (inside the caller's transaction). */
async function readInventory(tx: Tx, scope: ReportScope) {
  const envWhere = scope.environmentId ? { environmentId: scope.environmentId } : {};
  const environments = await tx.environment.findMany({
    where: scope.environmentId ? { id: scope.environmentId } : {},
    select: {
      id: true,
      code: true,
      gateway: { select: { merchantGatewayId: true, name: true, keyRotationDays: true } },
    },
    orderBy: [{ gateway: { merchantGatewayId: "asc" } }, { code: "asc" }],
  });
  const [custodians, installations, certificates, signingKeys, trustEntries, targets, reviews] =
    await Promise.all([
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
      // Current client certificates: not revoked, and either not superseded or still installed
      // somewhere (a superseded certificate nobody carries any more is history, not inventory).
      tx.certificate.findMany({
        where: {
          ...envWhere,
          revokedAt: null,
          OR: [{ supersededById: null }, { installations: { some: { removedAt: null } } }],
        },
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
      tx.signingKey.findMany({
        where: { ...envWhere, retiredAt: null },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      }),
      tx.trustStoreEntry.findMany({
        where: envWhere,
        orderBy: [{ kind: "asc" }, { notAfter: "asc" }, { id: "asc" }],
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
  return {
    environments,
    custodians,
    installations,
    certificates,
    signingKeys,
    trustEntries,
    targets,
    reviews,
  };
}

type Rows = Awaited<ReturnType<typeof readInventory>>;

function buildRows(raw: Rows, scope: ReportScope, now: Date) {
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

  const inventory: InventoryRow[] = [];
  for (const c of raw.certificates) {
    const installs = byCert.get(c.id) ?? [];
    inventory.push({
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
    const env = envById.get(k.environmentId)!;
    const due = rotateBy(k, env.gateway.keyRotationDays);
    const installs = byKey.get(k.id) ?? [];
    inventory.push({
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
  const storeOrder = Object.keys(TRUST_STORE_KINDS);
  const entries = [...raw.trustEntries].sort(
    (a, b) =>
      a.environmentId.localeCompare(b.environmentId) ||
      storeOrder.indexOf(slugOf(a.kind)) - storeOrder.indexOf(slugOf(b.kind)) ||
      a.notAfter.getTime() - b.notAfter.getTime() ||
      a.id.localeCompare(b.id),
  );
  for (const e of entries) {
    const slug = slugOf(e.kind);
    const facts = STORE_FACTS[slug];
    const installs = slug === "our-server-chain" ? (hostPorts.get(e.environmentId) ?? []) : [];
    const left = daysLeft(e.notAfter, now);
    inventory.push({
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
  const rank = (r: InventoryRow) =>
    r.kind === "client-certificate"
      ? 0
      : r.kind === "oauth-signing-key"
        ? 1
        : 2 + storeOrder.indexOf(r.store ?? "");
  inventory.sort(
    (a, b) =>
      a.merchantGatewayId.localeCompare(b.merchantGatewayId) ||
      a.environment.localeCompare(b.environment) ||
      rank(a) - rank(b),
  );

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
  return { inventory, protocols, environments, review };
}

/**
 * Collects the report and audits its generation (who, scope, format, how many rows), in one
 * transaction that holds the audit chain's lock: the head it names is its own generation record,
 * and no audited change committed between that head and the rows.
 */
export async function generateReport(
  db: Db,
  actor: Actor,
  scope: ReportScope,
  format: ReportFormat,
  options: { now?: Date; sources?: FindingSource[]; section?: string } = {},
): Promise<ReportData> {
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
      const raw = await readInventory(tx, scope);
      const built = buildRows(raw, scope, now);
      const envById = new Map(raw.environments.map((e) => [e.id, e]));
      const findings: FindingRow[] = found
        .filter((f) => envById.has(f.environmentId))
        .map((f) => {
          const e = envById.get(f.environmentId)!;
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
            inventory: built.inventory.length,
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
        inventory: built.inventory,
        protocols: built.protocols,
        findings,
      };
    },
    { timeout: 120_000, maxWait: 20_000 },
  );
}
