import { nextStep, RENEWAL_STEPS } from "./workflow";
import { isoDayOrNull } from "@/lib/dates";

type RenewalRow = {
  id: string;
  environmentId: string;
  oldCertificateId: string;
  status: string;
  startedAt: Date;
  startedBy: string;
  newCsrId: string | null;
  csrAt: Date | null;
  csrBy: string | null;
  submittedAt: Date | null;
  submittedBy: string | null;
  submissionRef: string | null;
  newCertificateId: string | null;
  importedAt: Date | null;
  importedBy: string | null;
  deployedAt: Date | null;
  deployedBy: string | null;
  deploymentNote: string | null;
  retiredAt: Date | null;
  retiredBy: string | null;
  updatedAt: Date;
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A renewal as the API shows it: its state, the next step, and who did each step when. */
export function toRenewalDto(r: RenewalRow) {
  return {
    id: r.id,
    environmentId: r.environmentId,
    status: r.status,
    nextStep: r.status === "open" ? nextStep(r) : null,
    steps: RENEWAL_STEPS,
    oldCertificateId: r.oldCertificateId,
    newCsrId: r.newCsrId,
    newCertificateId: r.newCertificateId,
    startedAt: r.startedAt.toISOString(),
    startedBy: r.startedBy,
    csrAt: iso(r.csrAt),
    csrBy: r.csrBy,
    submittedAt: isoDayOrNull(r.submittedAt),
    submittedBy: r.submittedBy,
    submissionRef: r.submissionRef,
    importedAt: iso(r.importedAt),
    importedBy: r.importedBy,
    deployedAt: isoDayOrNull(r.deployedAt),
    deployedBy: r.deployedBy,
    deploymentNote: r.deploymentNote,
    retiredAt: iso(r.retiredAt),
    retiredBy: r.retiredBy,
    updatedAt: r.updatedAt.toISOString(),
  };
}
