import { classifyInput, isPkiInputError, parseCsr, type ParsedCsr } from "@/lib/pki";
import { checkCsr, type Env } from "@/lib/policy";

/** A reason a CSR is refused: a policy violation, or an input problem (codes "input.*"). */
export type CsrProblem = { code: string; message: string; field?: string; severity?: "warning" };

export type CsrIntake =
  | { ok: true; csr: ParsedCsr; cnOverridden: boolean; expectedCn?: string; warnings: CsrProblem[] }
  | { ok: false; violations: CsrProblem[]; keyExposed?: boolean };

const KEY_EXPOSED: CsrProblem = {
  code: "input.private_key",
  message:
    "This is (or contains) a PRIVATE KEY, not a CSR. Nothing was stored. Treat that key as exposed: " +
    "it has left the machine it was made on. Generate a new key pair and CSR, and never paste the key anywhere.",
};

/**
 * The server's own verdict on a CSR, from raw text: it never trusts what the browser checked.
 * A CN that differs from the template passes only with an explicit override, which the caller
 * audits.
 */
export async function intakeCsr(
  input: string,
  ctx: { cnTemplate: string; merchantGatewayId: string; env: Env; allowCnOverride?: boolean },
): Promise<CsrIntake> {
  const classified = classifyInput(input);
  if (classified.containsPrivateKey)
    return { ok: false, violations: [KEY_EXPOSED], keyExposed: true };
  if (classified.kind !== "csr") {
    const found =
      classified.kind === "unknown"
        ? "something that is not a CSR (it could not be decoded)"
        : `a ${classified.kind.replace(/-/g, " ")}`;
    return {
      ok: false,
      violations: [
        {
          code: classified.kind === "unknown" ? "input.undecodable" : "input.not_a_csr",
          message: `Expected a certificate signing request (PEM "BEGIN CERTIFICATE REQUEST"), but this is ${found}.`,
        },
      ],
    };
  }
  let csr: ParsedCsr;
  try {
    csr = await parseCsr(input);
  } catch (error) {
    if (!isPkiInputError(error)) throw error;
    return { ok: false, violations: [{ code: `input.${error.code}`, message: error.message }] };
  }
  const found = checkCsr(csr, ctx);
  const warnings = found.filter((v) => v.severity === "warning");
  const violations = found.filter((v) => v.severity !== "warning");
  const cnMismatch = violations.find((v) => v.code === "subject.cn_mismatch");
  const blocking = ctx.allowCnOverride ? violations.filter((v) => v !== cnMismatch) : violations;
  if (blocking.length > 0) return { ok: false, violations: blocking };
  return {
    ok: true,
    csr,
    cnOverridden: Boolean(cnMismatch),
    expectedCn: cnMismatch?.params?.expected,
    warnings,
  };
}
