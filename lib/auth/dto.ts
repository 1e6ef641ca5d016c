import type { TokenDto, UserDto } from "./contract";
import type { UserRow } from "./lifecycle";
import type { TokenRow } from "./tokens";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const toUserDto = (u: UserRow): UserDto => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  status: u.disabledAt ? "disabled" : "active",
  disabledAt: iso(u.disabledAt),
  disabledReason: u.disabledReason,
  lastSignInAt: iso(u.lastSeenAt),
  createdAt: u.createdAt.toISOString(),
  liveTokens: u.liveTokens,
});

export const toTokenDto = (t: TokenRow, now = new Date()): TokenDto => ({
  id: t.id,
  name: t.name,
  role: t.role as TokenDto["role"],
  createdBy: t.createdBy,
  createdAt: t.createdAt.toISOString(),
  expiresAt: iso(t.expiresAt),
  lastUsedAt: iso(t.lastUsedAt),
  revokedAt: iso(t.revokedAt),
  status: t.revokedAt ? "revoked" : t.expiresAt && t.expiresAt <= now ? "expired" : "active",
});
