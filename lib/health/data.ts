import "server-only";
import { db } from "@/lib/db/client";

/** Opens the process-wide database if need be and runs the cheapest query: the health check. */
export async function pingDatabase(): Promise<void> {
  const prisma = await db();
  await prisma.$queryRawUnsafe("SELECT 1");
}
