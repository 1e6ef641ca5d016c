import type { CsrDto } from "./contract";

type CsrRow = {
  id: string;
  environmentId: string;
  subjectDn: string;
  subject: unknown;
  commonName: string;
  keyType: string;
  keySize: number | null;
  curve: string | null;
  publicKeySha256: string;
  status: CsrDto["status"];
  origin: string;
  cnOverridden: boolean;
  cnOverrideReason: string | null;
  createdByLabel: string;
  createdAt: Date;
  submittedAt: Date | null;
  submittedTo: string | null;
  submissionRef: string | null;
  cancelReason: string | null;
};

/** A CSR as the API returns it: keySize for RSA, curve for ECDSA. */
export function toCsrDto(row: CsrRow): CsrDto {
  const subject = { ...(row.subject as Record<string, unknown>) };
  return {
    id: row.id,
    environmentId: row.environmentId,
    subject,
    subjectDn: row.subjectDn,
    commonName: row.commonName,
    keyType: row.keyType as CsrDto["keyType"],
    ...(row.keySize != null ? { keySize: row.keySize } : {}),
    ...(row.curve != null ? { curve: row.curve } : {}),
    publicKeySha256: row.publicKeySha256,
    status: row.status,
    origin: row.origin,
    cnOverridden: row.cnOverridden,
    ...(row.cnOverridden ? { cnOverrideReason: row.cnOverrideReason } : {}),
    createdBy: row.createdByLabel,
    createdAt: row.createdAt.toISOString(),
    submittedAt: row.submittedAt?.toISOString() ?? null,
    submittedTo: row.submittedTo,
    submissionRef: row.submissionRef,
    cancelReason: row.cancelReason,
  };
}
