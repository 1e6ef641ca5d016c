// `npm run db:migrate`: applies pending migrations to DATA_DIR or DATABASE_URL, then exits.
import { openDatabase } from "@/lib/db/client";
import { describeTarget } from "@/lib/db/config";

try {
  const opened = await openDatabase(`db:migrate, pid ${process.pid}`);
  console.log(`Migrations are up to date on ${describeTarget(opened.target)}.`);
  await opened.close();
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
}
