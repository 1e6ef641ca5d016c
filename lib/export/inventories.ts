import "server-only";
import { stringify } from "csv-stringify/sync";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import {
  certificateState,
  daysLeft,
  effectiveLeadDays,
  lifecycleState,
  startRenewalBy,
} from "@/lib/renewal/dates";
import { slugOf } from "@/lib/trust-store/kinds";
import type { CertificateStateFilter } from "@/lib/certificate/data";
import type { ExportFormat, ExportQuery, Inventory } from "./schema";
import { isoDay } from "@/lib/dates";

/** Rows per query: a 10,000-row export is ten queries, and memory holds one page at a time. */
export const EXPORT_PAGE_SIZE = 1000;
const DAY_MS = 86_400_000;

type Cell = string | number | boolean | null;
type EnvironmentInfo = {
  code: string;
  renewalLeadDaysOverride: number | null;
  gateway: { merchantGatewayId: string; name: string; renewalLeadDays: number };
};
const environmentInclude = {
  environment: {
    select: {
      code: true,
      renewalLeadDaysOverride: true,
      gateway: { select: { merchantGatewayId: true, name: true, renewalLeadDays: true } },
    },
  },
} as const;
const iso = (date: Date | null) => date?.toISOString() ?? null;

/** The resolved filter: which environments (undefined: all), and words for the file name. */
export type ExportScope = {
  environmentIds?: string[];
  expiringWithinDays?: number;
  state?: CertificateStateFilter;
  nameParts: string[];
  description: Record<string, string | number>;
};

type Reader = {
  /** Next page after `last` (the previous page's last row), soonest-expiry or newest first. */
  page(
    db: Db,
    scope: ExportScope,
    now: Date,
    last: Record<string, unknown> | null,
  ): Promise<Record<string, unknown>[]>;
  columns: string[];
  row(r: Record<string, unknown>, now: Date): Cell[];
  /** A filter computed per row (a page may then keep fewer rows than it read). */
  keep?(r: Record<string, unknown>, scope: ExportScope, now: Date): boolean;
};

/** The inventory page's state filter: what the certificate is (revoked, superseded), else where it stands in its lifecycle. */
function stateOf(c: CertificateRow, now: Date): CertificateStateFilter {
  const state = certificateState(c, now);
  if (state === "revoked" || state === "superseded") return state;
  return lifecycleState(c.notAfter, effectiveLeadDays(c.environment, c.environment.gateway), now);
}

const environmentWhere = (scope: ExportScope) =>
  scope.environmentIds ? { environmentId: { in: scope.environmentIds } } : {};

type CertificateRow = Prisma.CertificateGetPayload<{
  omit: { der: true; chainPem: true; subject: true; checks: true };
  include: typeof environmentInclude;
}>;
type CsrRow = Prisma.CsrGetPayload<{
  omit: { pem: true; subject: true };
  include: typeof environmentInclude;
}>;
type TrustRow = Prisma.TrustStoreEntryGetPayload<{
  omit: { der: true };
  include: typeof environmentInclude;
}>;
const placeOf = (env: EnvironmentInfo) => ({
  merchantGatewayId: env.gateway.merchantGatewayId,
  gatewayName: env.gateway.name,
  environment: env.code,
});

const READERS: Record<Inventory, Reader> = {
  certificates: {
    page: (db, scope, now, last) =>
      db.certificate.findMany({
        where: {
          AND: [
            environmentWhere(scope),
            scope.expiringWithinDays != null
              ? {
                  notAfter: {
                    lt: new Date(now.getTime() + (scope.expiringWithinDays + 1) * DAY_MS),
                  },
                }
              : {},
            last
              ? {
                  OR: [
                    { notAfter: { gt: last.notAfter as Date } },
                    { notAfter: last.notAfter as Date, id: { gt: last.id as string } },
                  ],
                }
              : {},
          ],
        },
        orderBy: [{ notAfter: "asc" }, { id: "asc" }],
        take: EXPORT_PAGE_SIZE,
        omit: { der: true, chainPem: true, subject: true, checks: true },
        include: environmentInclude,
      }),
    columns: [
      "merchantGatewayId",
      "gatewayName",
      "environment",
      "id",
      "commonName",
      "serialNumber",
      "subjectDn",
      "issuerDn",
      "keyType",
      "keySize",
      "curve",
      "signatureAlgorithm",
      "notBefore",
      "notAfter",
      "daysLeft",
      "state",
      "startRenewalBy",
      "lifecycle",
      "compliant",
      "sha256",
      "publicKeySha256",
      "csrId",
      "supersededById",
      "revokedAt",
      "revokedReason",
      "importedBy",
      "importedAt",
    ],
    keep: (raw, scope, now) => !scope.state || stateOf(raw as CertificateRow, now) === scope.state,
    row: (raw, now) => {
      const c = raw as CertificateRow;
      const lead = effectiveLeadDays(c.environment, c.environment.gateway);
      const w = placeOf(c.environment);
      return [
        w.merchantGatewayId,
        w.gatewayName,
        w.environment,
        c.id,
        c.commonName,
        c.serialNumber,
        c.subjectDn,
        c.issuerDn,
        c.keyType,
        c.keySize,
        c.curve,
        c.signatureAlgorithm,
        iso(c.notBefore),
        iso(c.notAfter),
        daysLeft(c.notAfter, now),
        certificateState(c, now),
        iso(startRenewalBy(c.notAfter, lead)),
        lifecycleState(c.notAfter, lead, now),
        c.compliant,
        c.sha256,
        c.publicKeySha256,
        c.csrId,
        c.supersededById,
        iso(c.revokedAt),
        c.revokedReason,
        c.createdByLabel,
        iso(c.createdAt),
      ];
    },
  },
  csrs: {
    page: (db, scope, _now, last) =>
      db.csr.findMany({
        where: {
          AND: [
            environmentWhere(scope),
            last
              ? {
                  OR: [
                    { createdAt: { lt: last.createdAt as Date } },
                    { createdAt: last.createdAt as Date, id: { lt: last.id as string } },
                  ],
                }
              : {},
          ],
        },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: EXPORT_PAGE_SIZE,
        omit: { pem: true, subject: true },
        include: environmentInclude,
      }),
    columns: [
      "merchantGatewayId",
      "gatewayName",
      "environment",
      "id",
      "status",
      "commonName",
      "subjectDn",
      "keyType",
      "keySize",
      "curve",
      "signatureAlgorithm",
      "publicKeySha256",
      "origin",
      "cnOverridden",
      "submittedAt",
      "submittedTo",
      "submissionRef",
      "cancelledAt",
      "cancelReason",
      "fulfilledAt",
      "createdBy",
      "createdAt",
    ],
    row: (raw) => {
      const c = raw as CsrRow;
      const w = placeOf(c.environment);
      return [
        w.merchantGatewayId,
        w.gatewayName,
        w.environment,
        c.id,
        c.status,
        c.commonName,
        c.subjectDn,
        c.keyType,
        c.keySize,
        c.curve,
        c.signatureAlgorithm,
        c.publicKeySha256,
        c.origin,
        c.cnOverridden,
        iso(c.submittedAt),
        c.submittedTo,
        c.submissionRef,
        iso(c.cancelledAt),
        c.cancelReason,
        iso(c.fulfilledAt),
        c.createdByLabel,
        iso(c.createdAt),
      ];
    },
  },
  "trust-store-entries": {
    page: (db, scope, _now, last) =>
      db.trustStoreEntry.findMany({
        where: {
          AND: [
            environmentWhere(scope),
            last
              ? {
                  OR: [
                    { notAfter: { gt: last.notAfter as Date } },
                    { notAfter: last.notAfter as Date, id: { gt: last.id as string } },
                  ],
                }
              : {},
          ],
        },
        orderBy: [{ notAfter: "asc" }, { id: "asc" }],
        take: EXPORT_PAGE_SIZE,
        omit: { der: true },
        include: environmentInclude,
      }),
    columns: [
      "merchantGatewayId",
      "gatewayName",
      "environment",
      "store",
      "id",
      "subjectDn",
      "issuerDn",
      "subjectKeyId",
      "sha256",
      "notBefore",
      "notAfter",
      "daysLeft",
      "isCa",
      "selfIssued",
      "addedBy",
      "addedAt",
    ],
    row: (raw, now) => {
      const e = raw as TrustRow;
      const w = placeOf(e.environment);
      return [
        w.merchantGatewayId,
        w.gatewayName,
        w.environment,
        slugOf(e.kind),
        e.id,
        e.subjectDn,
        e.issuerDn,
        e.subjectKeyId,
        e.sha256,
        iso(e.notBefore),
        iso(e.notAfter),
        daysLeft(e.notAfter, now),
        e.isCa,
        e.selfIssued,
        e.createdByLabel,
        iso(e.createdAt),
      ];
    },
  },
};

export const exportColumns = (inventory: Inventory) => READERS[inventory].columns;

/**
 * CSV through csv-stringify. `escape_formulas` neutralises formula injection: a text cell that
 * starts with = + - @ tab or CR (or their full-width forms) gets a leading single quote, so a
 * spreadsheet shows it as text instead of running it. Numbers (a negative days-left) are kept.
 */
export function csvText(rows: Cell[][], columns: string[] | null): string {
  return stringify(rows, {
    header: columns !== null,
    columns: columns ?? undefined,
    escape_formulas: true,
    cast: { boolean: (value) => (value ? "true" : "false") },
  });
}

export type ResolvedScope =
  | { ok: true; scope: ExportScope }
  | { ok: false; status: 404; message: string };

/** The query's filter, with its gateway and environment looked up (404 when they do not exist). */
export async function resolveScope(
  db: Db,
  query: ExportQuery,
  inventory: Inventory,
): Promise<ResolvedScope | { ok: false; status: 422; message: string }> {
  if ((query.expiringWithinDays != null || query.state) && inventory !== "certificates") {
    return {
      ok: false,
      status: 422,
      message: "expiringWithinDays and state filter certificates only.",
    };
  }
  const description: Record<string, string | number> = {};
  const nameParts: string[] = [];
  let environmentIds: string[] | undefined;
  if (query.environmentId) {
    const environment = await db.environment.findUnique({
      where: { id: query.environmentId },
      include: { gateway: { select: { merchantGatewayId: true } } },
    });
    if (!environment) return { ok: false, status: 404, message: "No environment with this id." };
    environmentIds = [environment.id];
    Object.assign(description, {
      environmentId: environment.id,
      merchantGatewayId: environment.gateway.merchantGatewayId,
      env: environment.code,
    });
    nameParts.push(environment.gateway.merchantGatewayId, environment.code);
  } else if (query.merchantGatewayId) {
    const gateway = await db.gateway.findUnique({
      where: { merchantGatewayId: query.merchantGatewayId },
      include: { environments: { select: { id: true, code: true } } },
    });
    if (!gateway)
      return { ok: false, status: 404, message: `No gateway ${query.merchantGatewayId}.` };
    environmentIds = gateway.environments
      .filter((e) => !query.env || e.code === query.env)
      .map((e) => e.id);
    Object.assign(description, {
      merchantGatewayId: gateway.merchantGatewayId,
      ...(query.env ? { env: query.env } : {}),
    });
    nameParts.push(gateway.merchantGatewayId, ...(query.env ? [query.env] : []));
  } else if (query.env) {
    environmentIds = (
      await db.environment.findMany({ where: { code: query.env }, select: { id: true } })
    ).map((e) => e.id);
    description.env = query.env;
    nameParts.push(query.env);
  }
  if (query.expiringWithinDays != null) {
    description.expiringWithinDays = query.expiringWithinDays;
    nameParts.push(`within-${query.expiringWithinDays}d`);
  }
  if (query.state) {
    description.state = query.state;
    nameParts.push(query.state);
  }
  return {
    ok: true,
    scope: {
      environmentIds,
      expiringWithinDays: query.expiringWithinDays,
      state: query.state,
      nameParts,
      description,
    },
  };
}

/** e.g. certificates-MGW_000001-PPR-2026-11-28.csv (only safe characters). */
export function exportFilename(
  inventory: Inventory,
  format: ExportFormat,
  scope: ExportScope,
  now: Date,
): string {
  const stem = [inventory, ...scope.nameParts, isoDay(now)]
    .join("-")
    .replace(/[^A-Za-z0-9_.-]/g, "_");
  return `${stem}.${format}`;
}

/**
 * The export as a stream: one page is read each time the consumer asks for more, so a slow
 * download holds one page in memory, not the whole inventory. JSON is
 * { inventory, exportedAt, filter, rows: [ {column: value} ], count }.
 */
export function exportStream(
  db: Db,
  inventory: Inventory,
  format: ExportFormat,
  scope: ExportScope,
  now = new Date(),
): ReadableStream<Uint8Array> {
  const reader = READERS[inventory];
  const encoder = new TextEncoder();
  let last: Record<string, unknown> | null = null;
  let count = 0;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let text = "";
      if (!started) {
        started = true;
        text =
          format === "csv"
            ? csvText([], reader.columns)
            : `${JSON.stringify({ inventory, exportedAt: now.toISOString(), filter: scope.description }).slice(0, -1)},"rows":[`;
      }
      // Read until there is something to send (a per-row filter may empty a page) or nothing is left.
      let done = false;
      while (!text && !done) {
        const page = await reader.page(db, scope, now, last);
        const rows = page
          .filter((r) => !reader.keep || reader.keep(r, scope, now))
          .map((r) => reader.row(r, now));
        if (format === "csv") {
          if (rows.length > 0) text += csvText(rows, null);
        } else {
          text += rows
            .map(
              (cells, i) =>
                `${count + i === 0 ? "" : ","}\n${JSON.stringify(Object.fromEntries(reader.columns.map((c, j) => [c, cells[j]])))}`,
            )
            .join("");
        }
        count += rows.length;
        last = page.at(-1) ?? last;
        done = page.length < EXPORT_PAGE_SIZE;
      }
      if (done && format === "json") text += `${count > 0 ? "\n" : ""}],"count":${count}}\n`;
      if (text) controller.enqueue(encoder.encode(text));
      if (done) controller.close();
    },
  });
}
