import "server-only";
import type { Db } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";

/** Each refusal has a code for the API (app/api/v1/environments/[envId]/renewals) and a sentence for people. */
export type RenewalRefusalCode =
  | "not_found"
  | "renewal.superseded"
  | "renewal.closed"
  | "renewal.out_of_order"
  | "renewal.stale"
  | "renewal.csr_not_in_environment"
  | "renewal.key_reused"
  | "renewal.installations_required"
  | "renewal.installation_not_on_old"
  | "renewal.installations_remaining";
export type StepResult =
  | { ok: true; id: string }
  | { ok: false; code: RenewalRefusalCode; message: string };

/** The steps in order; a renewal's current step is the first one not yet done. */
export const RENEWAL_STEPS = ["csr", "submitted", "imported", "deployed", "retired"] as const;
export type RenewalStep = (typeof RENEWAL_STEPS)[number];

export function nextStep(r: {
  newCsrId: string | null;
  submittedAt: Date | null;
  newCertificateId: string | null;
  deployedAt: Date | null;
  retiredAt: Date | null;
}): RenewalStep | null {
  if (!r.newCsrId) return "csr";
  if (!r.submittedAt) return "submitted";
  if (!r.newCertificateId) return "imported";
  if (!r.deployedAt) return "deployed";
  if (!r.retiredAt) return "retired";
  return null;
}

async function audit(
  db: Tx,
  actor: Actor,
  renewal: { id: string; environmentId: string },
  gatewayId: string,
  action: string,
  summary: Record<string, unknown>,
) {
  await appendAudit(db, actor, {
    action: `renewal.${action}`,
    objectType: "renewal",
    objectId: renewal.id,
    gatewayId,
    environmentId: renewal.environmentId,
    summary,
  });
}

/** Opens a renewal for a certificate; one open renewal per certificate. */
export async function startRenewal(
  db: Db,
  actor: Actor,
  certificateId: string,
): Promise<StepResult> {
  return db.$transaction(async (tx) => {
    const cert = await tx.certificate.findUnique({
      where: { id: certificateId },
      include: { environment: true },
    });
    if (!cert)
      return { ok: false, code: "not_found", message: "This certificate no longer exists." };
    if (cert.supersededById)
      return {
        ok: false,
        code: "renewal.superseded",
        message: "This certificate was already replaced.",
      };
    const open = await tx.renewal.findFirst({
      where: { oldCertificateId: certificateId, status: "open" },
    });
    if (open) return { ok: true, id: open.id };
    const renewal = await tx.renewal.create({
      data: {
        environmentId: cert.environmentId,
        oldCertificateId: certificateId,
        startedBy: actor.label,
      },
    });
    await audit(tx, actor, renewal, cert.environment.gatewayId, "start", {
      commonName: cert.commonName,
      serial: cert.serialNumber,
    });
    return { ok: true, id: renewal.id };
  });
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
type Change = {
  data: Record<string, unknown>;
  action: string;
  summary: Record<string, unknown>;
  expect: RenewalStep;
  /** More changes that belong to the same step, in the same transaction. */
  also?: (
    tx: Tx,
    renewal: { id: string; newCsrId: string | null; environmentId: string },
    gatewayId: string,
  ) => Promise<void>;
};

async function advance(
  db: Db,
  actor: Actor,
  renewalId: string,
  change: Change,
): Promise<StepResult> {
  return db.$transaction(async (tx) => {
    const renewal = await tx.renewal.findUnique({
      where: { id: renewalId },
      include: { environment: true },
    });
    if (renewal?.status !== "open")
      return { ok: false, code: "renewal.closed", message: "This renewal is not open." };
    const step = nextStep(renewal);
    if (step !== change.expect)
      return {
        ok: false,
        code: "renewal.out_of_order",
        message: `The next step is "${step}", not "${change.expect}".`,
      };
    // The updatedAt condition makes a concurrent edit of the same step lose instead of overwrite.
    const updated = await tx.renewal.updateMany({
      where: { id: renewalId, updatedAt: renewal.updatedAt },
      data: change.data,
    });
    if (updated.count === 0)
      return {
        ok: false,
        code: "renewal.stale",
        message: "Someone changed this renewal meanwhile; reload.",
      };
    await audit(tx, actor, renewal, renewal.environment.gatewayId, change.action, change.summary);
    await change.also?.(tx, renewal, renewal.environment.gatewayId);
    return { ok: true, id: renewalId };
  });
}

/** Step 1: the new CSR (made with a new key in the browser) joins the renewal. */
export async function linkRenewalCsr(db: Db, actor: Actor, renewalId: string, csrId: string) {
  const csr = await db.csr.findUnique({ where: { id: csrId } });
  const renewal = await db.renewal.findUnique({
    where: { id: renewalId },
    include: { oldCertificate: true },
  });
  if (!csr || !renewal || csr.environmentId !== renewal.environmentId)
    return {
      ok: false as const,
      code: "renewal.csr_not_in_environment" as const,
      message: "That CSR is not of this environment.",
    };
  if (csr.publicKeySha256 === renewal.oldCertificate.publicKeySha256)
    return {
      ok: false as const,
      code: "renewal.key_reused" as const,
      message: "A renewal needs a NEW key pair; this CSR reuses the old key.",
    };
  return advance(db, actor, renewalId, {
    expect: "csr",
    action: "csr",
    data: { newCsrId: csrId, csrAt: new Date(), csrBy: actor.label },
    summary: { csrId, commonName: csr.commonName },
  });
}

/** Step 2: sent to Thales. The CSR is marked submitted too. */
export function markRenewalSubmitted(
  db: Db,
  actor: Actor,
  renewalId: string,
  input: { submittedAt: string; reference: string },
) {
  const submittedAt = new Date(`${input.submittedAt}T00:00:00Z`);
  const reference = input.reference || null;
  return advance(db, actor, renewalId, {
    expect: "submitted",
    action: "submit",
    data: { submittedAt, submittedBy: actor.label, submissionRef: reference },
    summary: { submittedAt: input.submittedAt, reference },
    also: async (tx, renewal, gatewayId) => {
      const csr = await tx.csr.updateMany({
        where: { id: renewal.newCsrId!, status: "generated" },
        data: { status: "submitted", submittedAt, submittedTo: "Thales", submissionRef: reference },
      });
      if (csr.count > 0) {
        await appendAudit(tx, actor, {
          action: "csr.submit",
          objectType: "csr",
          objectId: renewal.newCsrId,
          gatewayId,
          environmentId: renewal.environmentId,
          summary: {
            from: "generated",
            to: "submitted",
            submittedAt: input.submittedAt,
            reference,
            renewalId: renewal.id,
          },
        });
      }
    },
  });
}

/** Step 3, called by the certificate import: the new certificate for the renewal's CSR arrived. */
export async function linkImportedCertificate(
  db: Db,
  actor: Actor,
  certificateId: string,
  csrId: string,
) {
  const renewal = await db.renewal.findFirst({
    where: { newCsrId: csrId, status: "open", newCertificateId: null, submittedAt: { not: null } },
  });
  if (!renewal) return null;
  return advance(db, actor, renewal.id, {
    expect: "imported",
    action: "import",
    data: { newCertificateId: certificateId, importedAt: new Date(), importedBy: actor.label },
    summary: { certificateId },
  });
}

/** The installations (not removed) that still carry a certificate. */
export function installationsOn(db: Db | Tx, certificateId: string) {
  return db.installation.findMany({
    where: { certificateId, removedAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, systemName: true, host: true, port: true, location: true },
  });
}

const placeOf = (i: { systemName: string; host: string; port: number | null }) =>
  `${i.systemName}${i.host ? ` (${i.host}${i.port ? `:${i.port}` : ""})` : ""}`;

/**
 * Step 4: a person confirms the new certificate is deployed, naming which of the old
 * certificate's installations now carry it (each moves to the new certificate, audited). When the
 * old certificate has installations, at least one must be named; the others can follow in later
 * passes (the same call once the step is done). With none recorded, the step is as before.
 * The old certificate's reminders stop at the first pass.
 */
export async function confirmDeployed(
  db: Db,
  actor: Actor,
  renewalId: string,
  input: { deployedAt: string; note: string; installationIds?: string[] },
): Promise<StepResult> {
  const ids = [...new Set(input.installationIds ?? [])];
  return db.$transaction(async (tx): Promise<StepResult> => {
    const renewal = await tx.renewal.findUnique({
      where: { id: renewalId },
      include: { environment: true },
    });
    if (renewal?.status !== "open")
      return { ok: false, code: "renewal.closed", message: "This renewal is not open." };
    const step = nextStep(renewal);
    const firstPass = step === "deployed";
    if (!firstPass && step !== "retired")
      return {
        ok: false,
        code: "renewal.out_of_order",
        message: `The next step is "${step}", not "deployed".`,
      };
    const remaining = await installationsOn(tx, renewal.oldCertificateId);
    const unknown = ids.filter((id) => !remaining.some((i) => i.id === id));
    if (unknown.length > 0) {
      return {
        ok: false,
        code: "renewal.installation_not_on_old",
        message: `Not an installation that still carries the old certificate: ${unknown.join(", ")}.`,
      };
    }
    if (ids.length === 0 && (remaining.length > 0 || !firstPass)) {
      return {
        ok: false,
        code: "renewal.installations_required",
        message:
          remaining.length > 0
            ? `Say which installations now carry the new certificate: ${remaining.map(placeOf).join(", ")}.`
            : "The new certificate is already deployed and no installation still carries the old one.",
      };
    }
    const gatewayId = renewal.environment.gatewayId;
    if (firstPass) {
      const deployedAt = new Date(`${input.deployedAt}T00:00:00Z`);
      const updated = await tx.renewal.updateMany({
        where: { id: renewalId, updatedAt: renewal.updatedAt },
        data: { deployedAt, deployedBy: actor.label, deploymentNote: input.note || null },
      });
      if (updated.count === 0)
        return {
          ok: false,
          code: "renewal.stale",
          message: "Someone changed this renewal meanwhile; reload.",
        };
    }
    const moved = remaining.filter((i) => ids.includes(i.id));
    await audit(tx, actor, renewal, gatewayId, firstPass ? "deploy" : "deploy.more", {
      deployedAt: input.deployedAt,
      note: input.note || null,
      installations: moved.map((i) => ({ id: i.id, systemName: i.systemName })),
      stillOnOld: remaining.length - moved.length,
      noInstallationRecorded: remaining.length === 0,
    });
    for (const installation of moved) {
      const changed = await tx.installation.updateMany({
        where: { id: installation.id, certificateId: renewal.oldCertificateId, removedAt: null },
        data: { certificateId: renewal.newCertificateId, version: { increment: 1 } },
      });
      if (changed.count === 0) throw new Error("installation changed during the deployment step");
      await appendAudit(tx, actor, {
        action: "installation.move",
        objectType: "installation",
        objectId: installation.id,
        gatewayId,
        environmentId: renewal.environmentId,
        summary: {
          systemName: installation.systemName,
          fromCertificateId: renewal.oldCertificateId,
          toCertificateId: renewal.newCertificateId,
          renewalId,
        },
      });
    }
    return { ok: true, id: renewalId };
  });
}

/** Step 5: the old certificate is retired, superseded by the new one; the renewal completes. */
export async function retireOld(db: Db, actor: Actor, renewalId: string): Promise<StepResult> {
  return db.$transaction(async (tx) => {
    const renewal = await tx.renewal.findUnique({
      where: { id: renewalId },
      include: { environment: true, oldCertificate: true },
    });
    if (renewal?.status !== "open" || nextStep(renewal) !== "retired")
      return {
        ok: false,
        code: "renewal.out_of_order",
        message: "The old certificate can be retired only after the new one is deployed.",
      };
    const remaining = await installationsOn(tx, renewal.oldCertificateId);
    if (remaining.length > 0) {
      return {
        ok: false,
        code: "renewal.installations_remaining",
        message: `The old certificate is still installed on ${remaining.map(placeOf).join(", ")}. Mark ${remaining.length === 1 ? "it" : "them"} deployed with the new certificate (or remove ${remaining.length === 1 ? "it" : "them"} from the inventory) before retiring it.`,
      };
    }
    await tx.certificate.update({
      where: { id: renewal.oldCertificateId },
      data: { supersededById: renewal.newCertificateId },
    });
    await tx.renewal.update({
      where: { id: renewalId },
      data: { retiredAt: new Date(), retiredBy: actor.label, status: "completed" },
    });
    await audit(tx, actor, renewal, renewal.environment.gatewayId, "retire", {
      oldCertificateId: renewal.oldCertificateId,
      successorId: renewal.newCertificateId,
    });
    return { ok: true, id: renewalId };
  });
}
