import type { ProbeReport } from "./evidence";

type ResultRow = { id: string; targetId: string; at: Date; ok: boolean; durationMs: number; result: unknown };
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

/** A probe result as the API shows it: the stored report, whole. */
export function toProbeResultDto(row: ResultRow) {
  return { id: row.id, targetId: row.targetId, at: row.at.toISOString(), ok: row.ok, durationMs: row.durationMs, report: row.result as ProbeReport };
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
