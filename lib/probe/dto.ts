import type { ProbeReport } from "./evidence";
import { probeFindings } from "./findings";

type ResultRow = {
  id: string;
  targetId: string;
  at: Date;
  ok: boolean;
  durationMs: number;
  result: unknown;
};
type TargetRow = {
  id: string;
  environmentId: string;
  direction: string;
  host: string;
  port: number;
  daily: boolean;
  createdByLabel: string;
  createdAt: Date;
};

/** A probe result as the API shows it: the stored report, whole, and its findings as the page shows them. */
export function toProbeResultDto(row: ResultRow, now = new Date()) {
  const report = row.result as ProbeReport;
  return {
    id: row.id,
    targetId: row.targetId,
    at: row.at.toISOString(),
    ok: row.ok,
    durationMs: row.durationMs,
    report,
    findings: probeFindings(report, now),
  };
}

export function toProbeTargetDto(row: TargetRow, latest: ResultRow | null) {
  return {
    id: row.id,
    environmentId: row.environmentId,
    direction: row.direction,
    host: row.host,
    port: row.port,
    daily: row.daily,
    createdBy: row.createdByLabel,
    createdAt: row.createdAt.toISOString(),
    latest: latest ? toProbeResultDto(latest) : null,
  };
}
