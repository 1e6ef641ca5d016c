import "server-only";
import type { BetterAuthPlugin } from "better-auth";
import { APIError } from "better-auth/api";
import type { Db } from "@/lib/db/client";
import { ACCOUNT_DISABLED_CODE, disabledMessage } from "./disabled-message";

/**
 * better-auth plugin: a disabled user gets no session, whichever way they sign in (password,
 * the two-factor step, single sign-on), and a completed sign-in records when the user was last
 * seen (USER_INACTIVE_DAYS counts from it). Both sit on session creation, which better-auth
 * reaches only after the password or code was checked: a guesser learns nothing about the
 * account, while its owner is told why (lib/auth/lifecycle.ts).
 */
export function accountStatusPlugin(getDb: () => Promise<Db>): BetterAuthPlugin {
  return {
    id: "d1-account-status",
    init: () => ({
      options: {
        databaseHooks: {
          session: {
            create: {
              before: async (session) => {
                const prisma = await getDb();
                const user = await prisma.user.findUnique({
                  where: { id: String(session.userId) },
                  select: {
                    disabledAt: true,
                    disabledReason: true,
                    lastSeenAt: true,
                    createdAt: true,
                  },
                });
                if (user?.disabledAt)
                  throw new APIError("FORBIDDEN", {
                    code: ACCOUNT_DISABLED_CODE,
                    message: disabledMessage(user),
                  });
              },
              after: async (session, context) => {
                if (!session) return;
                const prisma = await getDb();
                const user = await prisma.user.findUnique({
                  where: { id: String(session.userId) },
                  select: { twoFactorEnabled: true },
                });
                // With two-factor sign-in, the password step's session is only a step (the plugin
                // deletes it at once): the user is seen once the second step has passed.
                if (user?.twoFactorEnabled && context?.path?.startsWith("/sign-in/")) return;
                await prisma.user.updateMany({
                  where: { id: String(session.userId) },
                  data: { lastSeenAt: new Date() },
                });
              },
            },
          },
        },
      },
    }),
  };
}
