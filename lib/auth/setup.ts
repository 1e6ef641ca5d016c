import "server-only";
import crypto from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import { insertUser, newUserSchema } from "./users";

// Serialises first-admin creation so that two racing setups cannot both succeed.
const SETUP_LOCK_KEY = 7_263_110_003;
const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");
const normalise = (code: string) =>
  code
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");

export async function needsSetup(db: Db): Promise<boolean> {
  return (await db.user.count()) === 0;
}

/**
 * While no user exists, each starting instance makes a one-time code, keeps only its hash,
 * and prints the code to its own log: only someone who can read the server's log can claim it.
 */
export async function issueSetupCode(db: Db): Promise<string | null> {
  if (!(await needsSetup(db))) return null;
  const raw = crypto.randomBytes(10).toString("hex").toUpperCase().slice(0, 16);
  const code = raw.match(/.{4}/g)!.join("-");
  await db.setupCode.create({ data: { codeHash: sha256(normalise(code)) } });
  return code;
}

export const setupSchema = newUserSchema.omit({ role: true }).extend({
  setupCode: z.string({ error: "Enter the setup code from the server log." }).trim().min(1, {
    error: "Enter the setup code from the server log.",
  }),
});

export type SetupResult = { ok: true } | { ok: false; field?: string; message: string };

export async function completeSetup(
  db: Db,
  input: z.infer<typeof setupSchema>,
): Promise<SetupResult> {
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SETUP_LOCK_KEY})`);
    if ((await tx.user.count()) > 0)
      return { ok: false, message: "Setup is already complete. Sign in instead." };
    const known = await tx.setupCode.findUnique({
      where: { codeHash: sha256(normalise(input.setupCode)) },
    });
    if (!known) {
      return {
        ok: false,
        field: "setupCode",
        message: "That setup code is not valid. Copy it from the server's log.",
      };
    }
    const admin = await insertUser(tx, { ...input, role: "admin" });
    await tx.setupCode.deleteMany({});
    await appendAudit(
      tx,
      { type: "user", id: admin.id, label: admin.email, role: "admin" },
      {
        action: "setup.first_admin",
        objectType: "user",
        objectId: admin.id,
        summary: { email: admin.email, role: "admin" },
      },
    );
    return { ok: true };
  });
}
