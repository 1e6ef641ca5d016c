import type { SigningJwk } from "./jwk";
import { rotateBy, rotationState, signingKeyStatus } from "./rotation";
import { isoDayOrNull } from "@/lib/dates";

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

/** A signing key as the API returns it; rotation is derived from the gateway's interval and the clock. */
export function toSigningKeyDto(row: SigningKeyRow, rotationDays: number, now: Date = new Date()) {
  const status = signingKeyStatus(row);
  return {
    id: row.id,
    environmentId: row.environmentId,
    alg: row.alg,
    kid: row.thumbprint,
    thumbprint: row.thumbprint,
    status,
    publicKeyPem: row.publicKeyPem,
    jwk: row.jwk as SigningJwk,
    onboardedAt: isoDayOrNull(row.onboardedAt),
    onboardedBy: row.onboardedBy,
    retiredAt: row.retiredAt?.toISOString() ?? null,
    retiredBy: row.retiredBy,
    createdBy: row.createdByLabel,
    createdAt: row.createdAt.toISOString(),
    rotateBy: status === "retired" ? null : isoDayOrNull(rotateBy(row, rotationDays)),
    rotationState: rotationState(row, rotationDays, now),
  };
}

export type SigningKeyDto = ReturnType<typeof toSigningKeyDto>;
