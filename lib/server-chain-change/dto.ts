import type { ServerChainVerdict } from "@/lib/trust-store/server-chain";
import { isoDay, isoDayOrNull } from "@/lib/dates";

export const SERVER_CHAIN_STATUSES = [
  "planned",
  "notified",
  "acknowledged",
  "switched",
  "cancelled",
] as const;
export type ServerChainStatus = (typeof SERVER_CHAIN_STATUSES)[number];
/** Still to be switched or cancelled: at most one per environment. */
export const OPEN_STATUSES = [
  "planned",
  "notified",
  "acknowledged",
] as const satisfies readonly ServerChainStatus[];
/**
 * What proves Thales has our server chain (the onboarding checklist relies on it): Thales
 * acknowledged it, or we switched to it.
 */
export const GIVEN_TO_THALES_STATUSES = [
  "acknowledged",
  "switched",
] as const satisfies readonly ServerChainStatus[];

/** One certificate of a planned chain, as stored in the change's `summary`. */
export type ChainCertificateSummary = {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
  isCa: boolean;
};

/** The stored `summary` of a planned chain: its certificates, leaf first, and the Mozilla verdict. */
export type ServerChainSummary = {
  leafSha256: string;
  verdict: { status: ServerChainVerdict["status"]; message: string };
  certificates: ChainCertificateSummary[];
};

/** What is next for a change: "notify", then "acknowledge" (optional) or "switch". */
export type ServerChainNextStep = "notify" | "acknowledge" | "switch" | null;

export function nextServerChainStep(row: { status: string }): ServerChainNextStep {
  if (row.status === "planned") return "notify";
  if (row.status === "notified") return "acknowledge";
  if (row.status === "acknowledged") return "switch";
  return null;
}

type Row = {
  id: string;
  environmentId: string;
  chainPem: string;
  summary: unknown;
  plannedAt: Date;
  status: string;
  notifiedAt: Date | null;
  notifiedBy: string | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  acknowledgementRef: string | null;
  switchedAt: Date | null;
  switchedBy: string | null;
  overrideReason: string | null;
  cancelledAt: Date | null;
  notes: string;
  version: number;
  createdByLabel: string;
  createdAt: Date;
  updatedAt: Date;
};

/** A server chain change as the API returns it. Day fields are YYYY-MM-DD. */
export function toServerChainChangeDto(row: Row) {
  const summary = row.summary as ServerChainSummary;
  return {
    id: row.id,
    environmentId: row.environmentId,
    status: row.status as ServerChainStatus,
    nextStep: nextServerChainStep(row),
    plannedAt: isoDay(row.plannedAt),
    notifiedAt: isoDayOrNull(row.notifiedAt),
    notifiedBy: row.notifiedBy,
    acknowledgedAt: isoDayOrNull(row.acknowledgedAt),
    acknowledgedBy: row.acknowledgedBy,
    acknowledgementRef: row.acknowledgementRef,
    switchedAt: isoDayOrNull(row.switchedAt),
    switchedBy: row.switchedBy,
    overrideReason: row.overrideReason,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    notes: row.notes,
    verdict: summary.verdict,
    certificates: summary.certificates,
    chainPem: row.chainPem,
    version: row.version,
    createdBy: row.createdByLabel,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type ServerChainChangeDto = ReturnType<typeof toServerChainChangeDto>;
