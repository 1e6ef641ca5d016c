import { certificateState, daysLeft } from "@/lib/renewal/dates";
import { certificateVerdict, type CertificateCheck } from "@/lib/policy";
import type { CertificateCheckDto, CertificateDto } from "./contract";

/** The stored flag decides; the checks say why (unverified: only trust is missing; adopted: no CSR on record). */
export function verdictOf(row: { compliant: boolean; checks: unknown; csrId: string | null }) {
  const checks = (Array.isArray(row.checks) ? row.checks : []) as CertificateCheck[];
  const verdict = row.compliant
    ? "compliant"
    : certificateVerdict(checks) === "unverified"
      ? "unverified"
      : "non_compliant";
  return {
    verdict,
    adopted: row.csrId === null && checks.some((c) => c.reason === "csr.adopted"),
  } as const;
}

type CertificateRow = {
  id: string;
  environmentId: string;
  serialNumber: string;
  subjectDn: string;
  commonName: string;
  issuerDn: string;
  notBefore: Date;
  notAfter: Date;
  keyType: string;
  keySize: number | null;
  curve: string | null;
  sha256: string;
  publicKeySha256: string;
  compliant: boolean;
  checks: unknown;
  csrId: string | null;
  supersededById: string | null;
  revokedAt: Date | null;
  revokedReason: string | null;
  createdByLabel: string;
  createdAt: Date;
};

/** A certificate as the API shows it, with its derived days left and state. */
export function toCertificateDto(row: CertificateRow, now = new Date()): CertificateDto {
  return {
    id: row.id,
    environmentId: row.environmentId,
    serialNumber: row.serialNumber,
    subjectDn: row.subjectDn,
    commonName: row.commonName,
    issuerDn: row.issuerDn,
    keyType: row.keyType,
    ...(row.keySize != null ? { keySize: row.keySize } : {}),
    ...(row.curve != null ? { curve: row.curve } : {}),
    notBefore: row.notBefore.toISOString(),
    notAfter: row.notAfter.toISOString(),
    daysLeft: daysLeft(row.notAfter, now),
    state: certificateState(row, now),
    sha256: row.sha256,
    publicKeySha256: row.publicKeySha256,
    compliant: row.compliant,
    ...verdictOf(row),
    checks: row.checks as CertificateCheckDto[],
    matchedCsrId: row.csrId,
    supersededById: row.supersededById,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedReason: row.revokedReason,
    importedBy: row.createdByLabel,
    importedAt: row.createdAt.toISOString(),
  };
}
