import type { SigningKeyDto } from "./contract";
import type { SigningJwk } from "./jwk";
import { rotateBy, rotationState, signingKeyStatus } from "./rotation";

type SigningKeyRow = {
  id: string;
  environmentId: string;
  alg: string;
  publicKeyPem: string;
  jwk: unknown;
  thumbprint: string;
  onboardedAt: Date | null;
  onboardedBy: string | null;
  retiredAt: Date | null;
  retiredBy: string | null;
  createdByLabel: string;
  createdAt: Date;
};

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** A signing key as the API returns it; rotation is derived from the gateway's interval and the clock. */
export function toSigningKeyDto(
  row: SigningKeyRow,
  rotationDays: number,
  now: Date = new Date(),
): SigningKeyDto {
  const status = signingKeyStatus(row);
  return {
    id: row.id,
    environmentId: row.environmentId,
    alg: row.alg as SigningKeyDto["alg"],
    kid: row.thumbprint,
    thumbprint: row.thumbprint,
    status,
    publicKeyPem: row.publicKeyPem,
    jwk: row.jwk as SigningJwk,
    onboardedAt: day(row.onboardedAt),
    onboardedBy: row.onboardedBy,
    retiredAt: row.retiredAt?.toISOString() ?? null,
    retiredBy: row.retiredBy,
    createdBy: row.createdByLabel,
    createdAt: row.createdAt.toISOString(),
    rotateBy: status === "retired" ? null : day(rotateBy(row, rotationDays)),
    rotationState: rotationState(row, rotationDays, now),
  };
}

export type { SigningKeyDto };
