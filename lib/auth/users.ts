import "server-only";
import crypto from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { z } from "zod";
import type { Db, Tx } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { appendAudit } from "@/lib/audit/append";
import { ROLES, type Actor } from "./actor";

export const passwordSchema = z
  .string({ error: "Password is required." })
  .min(12, { error: "Password must be at least 12 characters." })
  .max(256, { error: "Password must be at most 256 characters." });

export const newUserSchema = z.object({
  email: z.email({ error: "Enter a valid email address." }).trim().toLowerCase(),
  name: z.string().trim().max(120).optional(),
  password: passwordSchema,
  role: z.enum(ROLES, { error: "Role must be viewer, operator or admin." }),
});
export type NewUser = z.infer<typeof newUserSchema>;

/** Inserts the user and its password account (hashed by better-auth's own scrypt hasher). */
async function insertUser(tx: Tx, input: NewUser) {
  const id = crypto.randomUUID();
  const user = await tx.user.create({
    data: {
      id,
      email: input.email,
      name: input.name || input.email,
      role: input.role,
      emailVerified: true,
    },
  });
  await tx.account.create({
    data: {
      id: crypto.randomUUID(),
      accountId: id,
      providerId: "credential",
      userId: id,
      password: await hashPassword(input.password),
    },
  });
  return user;
}

export async function createUser(db: Db, actor: Actor, input: NewUser) {
  try {
    const user = await db.$transaction(async (tx) => {
      const created = await insertUser(tx, input);
      await appendAudit(tx, actor, {
        action: "user.create",
        objectType: "user",
        objectId: created.id,
        summary: { email: created.email, role: created.role },
      });
      return created;
    });
    return { ok: true as const, user };
  } catch (error) {
    if (isUniqueViolation(error)) {
      return {
        ok: false as const,
        field: "email",
        message: `A user with email ${input.email} already exists.`,
      };
    }
    throw error;
  }
}

/** Sets a new password and ends every session of that user. */
export async function resetPassword(db: Db, actor: Actor, email: string, password: string) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: email.trim().toLowerCase() } });
    if (!user) return { ok: false as const, message: `No user with email ${email}.` };
    const hash = await hashPassword(password);
    const updated = await tx.account.updateMany({
      where: { userId: user.id, providerId: "credential" },
      data: { password: hash },
    });
    if (updated.count === 0) {
      await tx.account.create({
        data: {
          id: crypto.randomUUID(),
          accountId: user.id,
          providerId: "credential",
          userId: user.id,
          password: hash,
        },
      });
    }
    const ended = await tx.session.deleteMany({ where: { userId: user.id } });
    await appendAudit(tx, actor, {
      action: "user.password.reset",
      objectType: "user",
      objectId: user.id,
      summary: { email: user.email, sessionsEnded: ended.count },
    });
    return { ok: true as const, user };
  });
}

export { insertUser };
