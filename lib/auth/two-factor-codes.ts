import "server-only";
import { getAuth } from "./server";

/** How many unused recovery codes the user has (they are stored encrypted: better-auth decrypts). */
export async function recoveryCodesLeft(userId: string): Promise<number | null> {
  try {
    const auth = await getAuth();
    const result = await auth.api.viewBackupCodes({ body: { userId } });
    return result.backupCodes.length;
  } catch {
    return null; // no two-factor row (or unreadable codes): the page just does not show a count
  }
}
