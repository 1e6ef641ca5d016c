import "server-only";
import crypto from "node:crypto";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";

/**
 * The key that signs session cookies. AUTH_SECRET wins when set; otherwise one is made on
 * first start and kept in the database, so restarts keep sessions and every instance on one
 * PostgreSQL agrees without configuration.
 */
export async function authSecret(db: Db): Promise<string> {
  const fromEnv = env.AUTH_SECRET?.trim();
  if (fromEnv) return fromEnv;
  await db.appSetting.createMany({
    data: [{ key: "auth_secret", value: crypto.randomBytes(32).toString("base64url") }],
    skipDuplicates: true,
  });
  const row = await db.appSetting.findUniqueOrThrow({ where: { key: "auth_secret" } });
  return row.value;
}
