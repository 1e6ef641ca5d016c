import "server-only";
import { Readable } from "node:stream";
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { generateReport, resolveReportScope } from "./data";
import { reportCsv, reportFilename, reportJson } from "./formats";
import { reportPdf } from "./pdf";
import type { ReportQuery } from "./schema";

const CONTENT_TYPES = {
  pdf: "application/pdf",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
} as const;

/** Generates the report in the asked format (audited) and answers it as a download; 404 for an unknown environment. */
export async function reportResponse(
  db: Db,
  actor: Actor,
  query: ReportQuery,
): Promise<{ ok: true; response: Response } | { ok: false; message: string }> {
  const resolved = await resolveReportScope(db, query.environment);
  if (!resolved.ok) return resolved;
  const data = await generateReport(db, actor, resolved.scope, query.format, {
    section: query.section,
  });
  const body =
    query.format === "pdf"
      ? (Readable.toWeb(Readable.from([await reportPdf(data)])) as ReadableStream<Uint8Array>)
      : query.format === "csv"
        ? reportCsv(data, query.section ?? "inventory")
        : reportJson(data);
  return {
    ok: true,
    response: new Response(body, {
      headers: {
        "content-type": CONTENT_TYPES[query.format],
        "content-disposition": `attachment; filename="${reportFilename(data, query.format, query.section)}"`,
        "cache-control": "no-store",
        "x-audit-head": `${data.auditHead.seq}:${data.auditHead.hash}`,
      },
    }),
  };
}
