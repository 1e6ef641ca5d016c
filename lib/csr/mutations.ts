import "server-only";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { appendAudit } from "@/lib/audit/append";
import { hasRole, type Actor } from "@/lib/auth/actor";
import { intakeCsr, type CsrProblem } from "./intake";
import { toCsrDto } from "./dto";

export type RegisterResult =
  | { ok: true; csr: ReturnType<typeof toCsrDto>; warnings: CsrProblem[] }
  | {
      ok: false;
      status: 403 | 404 | 409 | 422;
      message: string;
      violations: CsrProblem[];
      keyExposed?: boolean;
    };

export const CN_OVERRIDE_REASON_MAX = 500;

const CN_OVERRIDE_FORBIDDEN: CsrProblem = {
  code: "csr.cn_override_forbidden",
  message:
    "Only an admin can accept a Common Name other than the gateway's template. Nothing was stored; ask an admin, or make the CSR with the template's CN.",
};
const CN_OVERRIDE_REASON_REQUIRED: CsrProblem = {
  code: "csr.cn_override_reason_required",
  message: `Overriding the Common Name needs a reason (at most ${CN_OVERRIDE_REASON_MAX} characters), such as who at Thales asked for it. Nothing was stored.`,
};

/**
 * Checks a CSR with the partner's policy and stores it with one audit record, or stores nothing.
 * `cnOverride` accepts a CN other than the template's: an admin's act, with a reason, audited.
 */
export async function registerCsr(
  db: Db,
  actor: Actor,
  input: {
    environmentId: string;
    pem: string;
    origin: "browser" | "registered";
    cnOverride?: { reason: string };
  },
): Promise<RegisterResult> {
  if (input.cnOverride) {
    if (!hasRole(actor.role, "admin"))
      return {
        ok: false,
        status: 403,
        message: CN_OVERRIDE_FORBIDDEN.message,
        violations: [CN_OVERRIDE_FORBIDDEN],
      };
    const reason = input.cnOverride.reason.trim();
    if (reason === "" || reason.length > CN_OVERRIDE_REASON_MAX) {
      return {
        ok: false,
        status: 422,
        message: CN_OVERRIDE_REASON_REQUIRED.message,
        violations: [CN_OVERRIDE_REASON_REQUIRED],
      };
    }
  }
  const environment = await db.environment.findUnique({
    where: { id: input.environmentId },
    include: { gateway: true },
  });
  if (!environment)
    return { ok: false, status: 404, message: "No such environment.", violations: [] };
  const { gateway } = environment;
  const intake = await intakeCsr(input.pem, {
    cnTemplate: gateway.cnTemplate,
    merchantGatewayId: gateway.merchantGatewayId,
    env: environment.code,
    allowCnOverride: Boolean(input.cnOverride),
  });
  if (!intake.ok) {
    const message = intake.keyExposed
      ? "A private key was sent. Nothing was stored; consider that key exposed."
      : "The CSR does not meet the partner's policy. Nothing was stored.";
    return {
      ok: false,
      status: 422,
      message,
      violations: intake.violations,
      keyExposed: intake.keyExposed,
    };
  }
  const { csr } = intake;
  const overrideReason = intake.cnOverridden ? input.cnOverride!.reason.trim() : null;
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.csr.create({
        data: {
          environmentId: environment.id,
          pem: csr.pem,
          subjectDn: csr.subjectDn,
          subject: JSON.parse(JSON.stringify(csr.subject)),
          commonName: csr.subject.CN ?? "",
          keyType: csr.keyType,
          keySize: csr.keySize ?? null,
          curve: csr.curve ?? null,
          signatureAlgorithm: csr.signatureAlgorithm.name,
          publicKeySha256: csr.publicKeySha256,
          origin: input.origin,
          cnOverridden: intake.cnOverridden,
          cnOverrideReason: overrideReason,
          createdById: actor.id,
          createdByLabel: actor.label,
        },
      });
      await appendAudit(tx, actor, {
        action: "csr.create",
        objectType: "csr",
        objectId: created.id,
        gatewayId: gateway.id,
        environmentId: environment.id,
        summary: {
          commonName: created.commonName,
          key: csr.keyType === "RSA" ? `RSA ${csr.keySize}` : `ECDSA ${csr.curve}`,
          publicKeySha256: csr.publicKeySha256,
          origin: input.origin,
          ...(intake.cnOverridden
            ? {
                cnOverride: {
                  expected: intake.expectedCn,
                  used: created.commonName,
                  reason: overrideReason,
                },
              }
            : {}),
          ...(intake.warnings.length > 0 ? { warnings: intake.warnings.map((w) => w.code) } : {}),
        },
      });
      return created;
    });
    return { ok: true, csr: toCsrDto(row), warnings: intake.warnings };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return {
      ok: false,
      status: 409,
      message:
        "A CSR with this public key is already in the inventory. Every CSR needs a new key pair.",
      violations: [
        {
          code: "csr.duplicate_key",
          message:
            "A CSR with this public key is already in the inventory. Every CSR needs a new key pair.",
        },
      ],
    };
  }
}

type Transition = { ok: true } | { ok: false; message: string };

async function transition(
  db: Db,
  actor: Actor,
  id: string,
  from: ("generated" | "submitted")[],
  data: Record<string, unknown> & { status: "submitted" | "cancelled" },
  summary: Record<string, unknown>,
): Promise<Transition> {
  return db.$transaction(async (tx) => {
    const csr = await tx.csr.findUnique({ where: { id }, include: { environment: true } });
    if (!csr) return { ok: false, message: "This CSR no longer exists." };
    // The status condition makes a concurrent change lose cleanly instead of overwriting.
    const updated = await tx.csr.updateMany({ where: { id, status: { in: from } }, data });
    if (updated.count === 0)
      return { ok: false, message: `This CSR is ${csr.status}; it cannot become ${data.status}.` };
    await appendAudit(tx, actor, {
      action: `csr.${data.status === "submitted" ? "submit" : "cancel"}`,
      objectType: "csr",
      objectId: id,
      gatewayId: csr.environment.gatewayId,
      environmentId: csr.environmentId,
      summary: { commonName: csr.commonName, from: csr.status, to: data.status, ...summary },
    });
    return { ok: true };
  });
}

export function markCsrSubmitted(
  db: Db,
  actor: Actor,
  id: string,
  input: { submittedAt: string; submittedTo: string; reference: string },
) {
  const submittedAt = new Date(`${input.submittedAt}T00:00:00Z`);
  return transition(
    db,
    actor,
    id,
    ["generated"],
    {
      status: "submitted",
      submittedAt,
      submittedTo: input.submittedTo,
      submissionRef: input.reference || null,
    },
    {
      submittedAt: input.submittedAt,
      submittedTo: input.submittedTo,
      reference: input.reference || null,
    },
  );
}

export function cancelCsr(db: Db, actor: Actor, id: string, reason: string) {
  return transition(
    db,
    actor,
    id,
    ["generated", "submitted"],
    { status: "cancelled", cancelledAt: new Date(), cancelReason: reason },
    { reason },
  );
}
