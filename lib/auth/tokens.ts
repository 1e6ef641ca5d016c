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

export const newTokenSchema = z.object({
  name: z.string({ error: "A token needs a name." }).trim().min(1, { error: "A token needs a name." }).max(80),
  role: z.enum(ROLES, { error: "Role must be viewer, operator or admin." }),
  expiresInDays: z.coerce.number().int().min(1).max(3650).optional(),
});

/** Returns the token in clear once; only its hash is kept. */
export async function createApiToken(db: Db, actor: Actor, input: z.infer<typeof newTokenSchema>) {
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { name: input.name, role: input.role, tokenHash: hashToken(token), expiresAt, createdById: actor.id },
    });
    await appendAudit(tx, actor, {
      action: "token.create",
      objectType: "api_token",
      objectId: created.id,
      summary: { name: created.name, role: created.role, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return created;
  });
  return { token, id: row.id };
}

/** How stale "last used" may get: it is written at most once per this many milliseconds per token. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** The actor behind an `Authorization: Bearer …` header, or null when it is not a live token. */
export async function actorFromBearer(db: Db, authorization: string | null, now: Date = new Date()): Promise<Actor | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!match?.[1]?.startsWith(TOKEN_PREFIX)) return null;
  const tokenHash = hashToken(match[1]);
  // Remembered while the auth version holds (lib/auth/identity-cache.ts): a revocation, expiry
  // change or new last-used moves it. Expiry is still checked against the clock here.
  const { auth: version } = await readVersions(db);
  let row = tokenCache(db).get(tokenHash, version);
  if (!row) {
    row = (await db.apiToken.findUnique({ where: { tokenHash }, select: { id: true, name: true, role: true, revokedAt: true, expiresAt: true, lastUsedAt: true } })) ?? undefined;
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
    const updated = await tx.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (updated.count === 0) return;
    const token = await tx.apiToken.findUniqueOrThrow({ where: { id } });
    await appendAudit(tx, actor, { action: "token.revoke", objectType: "api_token", objectId: id, summary: { name: token.name } });
  });
}
