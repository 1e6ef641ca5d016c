import "server-only";
import crypto from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import { readVersions } from "@/lib/cache/versioned";
import { ROLES, type Actor } from "./actor";
import { tokenCache } from "./identity-cache";

const TOKEN_PREFIX = "d1t_";
// Tokens are 256 random bits: a plain SHA-256 is enough to store them (no slow hash needed).
const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

import { DEFAULT_TOKEN_DAYS } from "./token-policy";
export { DEFAULT_TOKEN_DAYS };

export const newTokenSchema = z
  .object({
    name: z
      .string({ error: "A token needs a name." })
      .trim()
      .min(1, { error: "A token needs a name." })
      .max(80),
    role: z.enum(ROLES, { error: "Role must be viewer, operator or admin." }),
    expiresInDays: z.coerce
      .number({ error: "Enter a whole number of days from 1 to 3650." })
      .int({ error: "Enter a whole number of days from 1 to 3650." })
      .min(1, { error: "Enter a whole number of days from 1 to 3650." })
      .max(3650, { error: "Enter a whole number of days from 1 to 3650." })
      .optional(),
    noExpiry: z.boolean().optional(),
  })
  .refine((v) => !(v.noExpiry && v.expiresInDays !== undefined), {
    error: "Choose either a number of days or no expiry, not both.",
    path: ["expiresInDays"],
  });
export type NewToken = z.infer<typeof newTokenSchema>;

export const NO_EXPIRY_ADMIN_ONLY = "token_no_expiry_admin_only";

export type CreatedToken =
  | { ok: true; token: string; id: string; expiresAt: Date | null }
  | { ok: false; code: typeof NO_EXPIRY_ADMIN_ONLY; field: "noExpiry"; message: string };

/**
 * Returns the token in clear once; only its hash is kept. It expires after DEFAULT_TOKEN_DAYS
 * unless given a number of days, or, for an admin only, no expiry at all. It names its creator.
 */
export async function createApiToken(
  db: Db,
  actor: Actor,
  input: NewToken,
  now = new Date(),
): Promise<CreatedToken> {
  if (input.noExpiry && actor.role !== "admin") {
    return {
      ok: false,
      code: NO_EXPIRY_ADMIN_ONLY,
      field: "noExpiry",
      message: "Only an admin can make a token that never expires.",
    };
  }
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
  const expiresAt = input.noExpiry
    ? null
    : new Date(now.getTime() + (input.expiresInDays ?? DEFAULT_TOKEN_DAYS) * 86_400_000);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        name: input.name,
        role: input.role,
        tokenHash: hashToken(token),
        expiresAt,
        createdById: actor.id,
        createdByLabel: actor.label,
      },
    });
    await appendAudit(tx, actor, {
      action: "token.create",
      objectType: "api_token",
      objectId: created.id,
      summary: {
        name: created.name,
        role: created.role,
        expiresAt: expiresAt?.toISOString() ?? null,
        createdBy: actor.label,
      },
    });
    return created;
  });
  return { ok: true, token, id: row.id, expiresAt };
}

export type TokenRow = {
  id: string;
  name: string;
  role: string;
  createdAt: Date;
  createdBy: string | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** The tokens, newest first, each naming who made it (older tokens may not: null). */
export async function listApiTokens(db: Db, take = 500): Promise<TokenRow[]> {
  const rows = await db.apiToken.findMany({ orderBy: { createdAt: "desc" }, take });
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    role: t.role,
    createdAt: t.createdAt,
    createdBy: t.createdByLabel,
    expiresAt: t.expiresAt,
    lastUsedAt: t.lastUsedAt,
    revokedAt: t.revokedAt,
  }));
}

/** How stale "last used" may get: it is written at most once per this many milliseconds per token. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** The actor behind an `Authorization: Bearer …` header, or null when it is not a live token. */
export async function actorFromBearer(
  db: Db,
  authorization: string | null,
  now: Date = new Date(),
): Promise<Actor | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!match?.[1]?.startsWith(TOKEN_PREFIX)) return null;
  const tokenHash = hashToken(match[1]);
  // Remembered while the auth version holds (lib/auth/identity-cache.ts): a revocation, expiry
  // change or new last-used moves it. Expiry is still checked against the clock here.
  const { auth: version } = await readVersions(db);
  let row = tokenCache(db).get(tokenHash, version);
  if (!row) {
    row =
      (await db.apiToken.findUnique({
        where: { tokenHash },
        select: {
          id: true,
          name: true,
          role: true,
          revokedAt: true,
          expiresAt: true,
          lastUsedAt: true,
        },
      })) ?? undefined;
    if (row) tokenCache(db).set(tokenHash, version, row);
  }
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  // Last-used is informative: write it at most once a minute, to spare a write per request.
  // Conditional, so that concurrent requests (or instances) write it once between them.
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt <= staleBefore) {
    await db.apiToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  return { type: "token", id: row.id, label: `token:${row.name}`, role: row.role };
}

export async function revokeApiToken(db: Db, actor: Actor, id: string) {
  await db.$transaction(async (tx) => {
    const updated = await tx.apiToken.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (updated.count === 0) return;
    const token = await tx.apiToken.findUniqueOrThrow({ where: { id } });
    await appendAudit(tx, actor, {
      action: "token.revoke",
      objectType: "api_token",
      objectId: id,
      summary: { name: token.name },
    });
  });
}
