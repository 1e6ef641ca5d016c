import "server-only";
import { db } from "@/lib/db/client";
import { DataDirLockedError } from "@/lib/db/lock";
import { issueSetupCode } from "@/lib/auth/setup";

export async function startServer() {
  try {
    const prisma = await db();
    const code = await issueSetupCode(prisma);
    if (code) {
      const url = process.env.APP_URL || `http://localhost:${process.env.PORT || 3000}`;
      console.info(
        `\n[setup] No user exists yet. Open ${url}/setup and enter this one-time setup code:\n` +
          `[setup] SETUP CODE: ${code}\n`,
      );
    }
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      // A second instance on one embedded database would corrupt it: refuse to start.
      console.error(`[startup] ${error.message}`);
      process.exit(1);
    }
    // Otherwise keep serving: /api/health reports the database as down and pages show the error.
    console.error(`[startup] the database could not be opened: ${(error as Error).message}`);
  }
}
