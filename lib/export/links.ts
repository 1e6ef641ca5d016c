import type { ExportFormat, Inventory } from "./schema";

/** The download URL of an inventory export, for links on pages (the session cookie authenticates). */
export function exportHref(
  inventory: Inventory,
  format: ExportFormat,
  query: Record<string, string | number | undefined> = {},
): string {
  const params = new URLSearchParams(
    Object.entries(query).flatMap(([k, v]) =>
      v === undefined || v === "" ? [] : [[k, String(v)]],
    ),
  );
  const qs = params.toString();
  return `/api/v1/export/${inventory}.${format}${qs ? `?${qs}` : ""}`;
}

export const exportLinkClass =
  "rounded-md px-2 py-1 text-sm font-medium text-blue-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-blue-300";
