// TEST-ONLY: holds each /api/v1 answer a test produces to the contract its path declares
// (lib/<feature>/contract.ts, the source of the OpenAPI document).
import fs from "node:fs";
import { contractPaths } from "@/lib/openapi/document";
import { declaredResponses } from "@/lib/openapi/generate";

const paths = contractPaths();
const templates = Object.keys(paths)
  .map((template) => ({
    template,
    pattern: new RegExp(
      `^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`,
    ),
    literal: template.replace(/\{[^}]+\}/g, "").length,
  }))
  // A literal segment beats a parameter: …/trust-stores/{kind}.pem before …/trust-stores/{kind}.
  .sort((a, b) => b.literal - a.literal);

/** The path template of the document that a concrete request path falls under. */
export function templateOf(path: string): string | undefined {
  const pathname = new URL(path, "http://localhost").pathname;
  return templates.find((t) => t.pattern.test(pathname))?.template;
}

/**
 * Throws unless the status is one the operation declares and, for a JSON answer, the body
 * parses with the declared zod schema. Reads a clone: the caller still has the body.
 * With CONTRACT_TRIPLES_FILE set, appends "METHOD template status" for each checked answer.
 */
export async function expectDeclaredResponse(method: string, path: string, response: Response) {
  const template = templateOf(path);
  if (!template) throw new Error(`${method} ${path}: no path of the OpenAPI document matches`);
  const declared = declaredResponses(paths, template, method);
  if (!declared) throw new Error(`${method} ${template}: not in the OpenAPI document`);
  const status = String(response.status);
  if (!(status in declared))
    throw new Error(
      `${method} ${template} answered ${status}, which it does not declare (${Object.keys(declared).join(", ")})`,
    );
  const schema = declared[status];
  if (schema && response.headers.get("content-type")?.includes("application/json")) {
    const body: unknown = await response.clone().json();
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new Error(
        `${method} ${template} ${status}: the body does not parse with its declared schema:\n${parsed.error.issues
          .map((issue) => `  ${issue.path.join(".") || "(root)"}: ${issue.message}`)
          .join("\n")}\n${JSON.stringify(body).slice(0, 500)}`,
      );
  }
  if (process.env.CONTRACT_TRIPLES_FILE)
    fs.appendFileSync(process.env.CONTRACT_TRIPLES_FILE, `${method} ${template} ${status}\n`);
}
