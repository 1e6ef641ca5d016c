// CSV and JSON of the inventory report: the same rows as the PDF (lib/report/pdf.ts).
import { csvText } from "@/lib/export/inventories";
import {
  ENVIRONMENT_COLUMNS,
  FINDING_COLUMNS,
  INVENTORY_COLUMNS,
  PROTOCOL_COLUMNS,
  type ReportData,
} from "./data";

/** Which table a CSV holds (a CSV is one table); JSON holds them all. */
export const REPORT_SECTIONS = ["inventory", "protocols", "findings", "environments"] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

const SECTION_COLUMNS = {
  inventory: INVENTORY_COLUMNS,
  protocols: PROTOCOL_COLUMNS,
  findings: FINDING_COLUMNS,
  environments: ENVIRONMENT_COLUMNS,
} as const;

type Cell = string | number | boolean | null;

/** One section as CSV, formula-injection safe (a cell starting with = + - @ tab or CR gets a leading quote). */
export function reportCsv(data: ReportData, section: ReportSection = "inventory"): string {
  const columns = SECTION_COLUMNS[section] as readonly string[];
  const rows = (data[section] as unknown as Record<string, Cell>[]).map((r) =>
    columns.map((c) => r[c] ?? null),
  );
  return csvText(rows, [...columns]);
}

/** The whole report as one JSON document: meta (scope, generation time, audit head, review) and every table. */
export function reportJson(data: ReportData): string {
  const { inventory, protocols, findings, environments, ...meta } = data;
  return `${JSON.stringify({ ...meta, counts: { inventory: inventory.length, protocols: protocols.length, findings: findings.length, environments: environments.length }, environments, inventory, protocols, findings }, null, 1)}\n`;
}

/** e.g. inventory-report-MGW_000001-PRD-2026-12-05.pdf (safe characters only). */
export function reportFilename(
  data: ReportData,
  extension: string,
  section?: ReportSection,
): string {
  const scope = data.scope.environmentId
    ? data.scope.label.replace(/ \([^)]*\)/, "").replace(/\s*\/\s*/g, "-")
    : "all";
  const stem = [
    "inventory-report",
    scope,
    ...(section && section !== "inventory" ? [section] : []),
    data.generatedAt.slice(0, 10),
  ].join("-");
  return `${stem.replace(/[^A-Za-z0-9_.-]/g, "_")}.${extension}`;
}
