import "server-only";
import type { Db } from "@/lib/db/client";
import { disableInactiveUsers, inactiveDaysFromEnv } from "./lifecycle";

/**
 * The scheduler's inactivity step (USER_INACTIVE_DAYS, off at 0): runs on every reminder tick,
 * on every instance; each user is disabled and audited once whatever the number of instances
 * (lib/auth/lifecycle.ts). Errors are logged, never thrown: reminders still go out.
 */
export async function sweepInactiveUsers(
  db: Db,
  log: Pick<Console, "info" | "error">,
  now = new Date(),
): Promise<string[]> {
  const setting = inactiveDaysFromEnv();
  if (!setting.ok || setting.days === 0) return [];
  try {
    const { disabled, keptLastAdmin } = await disableInactiveUsers(db, setting.days, now);
    for (const email of disabled)
      log.info(
        `[users] ${email} disabled after ${setting.days} days without sign-in (USER_INACTIVE_DAYS)`,
      );
    if (keptLastAdmin.length)
      log.error(
        `[users] the last active admin has not signed in for ${setting.days} days, but stays enabled: make another admin`,
      );
    return disabled;
  } catch (error) {
    log.error(`[users] inactivity sweep failed: ${(error as Error).message}`);
    return [];
  }
}
