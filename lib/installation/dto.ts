import { kindSlugOf } from "./schema";
import type { InstallationView } from "./data";
import type { InstallationDto } from "./contract";

/** An installation as the API returns it. */
export function toInstallationDto(row: InstallationView): InstallationDto {
  return {
    id: row.id,
    environmentId: row.environmentId,
    of: row.certificateId
      ? { certificateId: row.certificateId }
      : row.signingKeyId
        ? { signingKeyId: row.signingKeyId }
        : { serverChain: true as const },
    kind: kindSlugOf(row.kind),
    systemName: row.systemName,
    host: row.host,
    port: row.port,
    location: row.location,
    notes: row.notes,
    custodian: row.custodian
      ? {
          id: row.custodian.id,
          name: row.custodian.name,
          email: row.custodian.email,
          disabled: row.custodian.disabledAt !== null,
        }
      : null,
    probeTargetId: row.probeTargetId,
    proof: row.proof
      ? {
          verdict: row.proof.verdict,
          presentedSha256: row.proof.presentedSha256,
          presentedSubject: row.proof.presentedSubject,
          probedAt: row.proof.probedAt?.toISOString() ?? null,
          probeResultId: row.proof.resultId,
          expectedSha256: row.proof.expectedSha256,
        }
      : null,
    version: row.version,
    createdBy: row.createdByLabel,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    removedAt: row.removedAt?.toISOString() ?? null,
    removedBy: row.removedBy,
  };
}
export type { InstallationDto };
