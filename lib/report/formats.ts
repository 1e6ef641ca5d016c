// CSV and JSON of the inventory report: the same rows as the PDF (lib/report/pdf.ts).
import { csvText } from "@/lib/export/inventories";
import {
  ENVIRONMENT_COLUMNS,
  FINDING_COLUMNS,
  INVENTORY_COLUMNS,
  PROTOCOL_COLUMNS,
  type InventoryRow,
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
  const { inventory, ...rest } = data;
  return jsonDocument(rest, inventory, inventory.length);
}

function jsonDocument(
  data: Omit<ReportData, "inventory">,
  inventory: unknown[],
  inventoryCount: number,
): string {
  const { protocols, findings, environments, ...meta } = data;
  return `${JSON.stringify({ ...meta, counts: { inventory: inventoryCount, protocols: protocols.length, findings: findings.length, environments: environments.length }, environments, inventory, protocols, findings }, null, 1)}\n`;
}

/** The inventory section's CSV header line (the rows follow from inventoryCsvRows). */
export const inventoryCsvHeader = () => csvText([], [...INVENTORY_COLUMNS]);

/** Inventory rows as CSV lines, without the header: exactly those reportCsv writes for them. */
export const inventoryCsvRows = (rows: InventoryRow[]) =>
  csvText(
    rows.map((r) => INVENTORY_COLUMNS.map((c) => r[c] ?? null)),
    null,
  );

/** Inventory rows as the JSON document's array elements, joined by ",\n", as reportJson indents them. */
export const inventoryJsonRows = (rows: InventoryRow[]) =>
  rows.map((r) => `  ${JSON.stringify(r, null, 1).replace(/\n/g, "\n  ")}`).join(",\n");

// Stands for the inventory rows in the document; a line holding only a string at this depth can
// only be an element of the inventory (the other arrays hold objects).
const ROWS_MARK = "d1-report-inventory-rows";

/**
 * The JSON document around its inventory rows: what comes before the first row and after the
 * last, so that reportJson's text is `before + inventoryJsonRows(all rows) + after`; with no
 * rows, the whole document.
 */
export function jsonAroundInventory(
  data: Omit<ReportData, "inventory">,
  inventoryCount: number,
): { before: string; after: string } | { whole: string } {
  if (inventoryCount === 0) return { whole: jsonDocument(data, [], 0) };
  const text = jsonDocument(data, [ROWS_MARK], inventoryCount);
  const line = `\n  ${JSON.stringify(ROWS_MARK)}\n`;
  const at = text.indexOf(line);
  return { before: text.slice(0, at + 1), after: text.slice(at + line.length - 1) };
}

/** e.g. inventory-report-MGW_000001-PRD-2026-12-05.pdf (safe characters only). */
export function reportFilename(
  data: Pick<ReportData, "scope" | "generatedAt">,
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
