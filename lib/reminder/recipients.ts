import "server-only";
import type { Db, Tx } from "@/lib/db/client";

/**
 * Who receives an environment's reminders besides the gateway's addresses: its
 * active custodians (EnvironmentCustodian not removed, user not disabled), by their account's
 * email and on the bell. Read at send time, so a custodian named after a reminder was created
 * still gets it, and one removed or disabled meanwhile does not.
 */
export async function activeCustodians(
  db: Db | Tx,
  environmentIds: string[],
): Promise<Map<string, { userId: string; email: string }[]>> {
  const out = new Map<string, { userId: string; email: string }[]>();
  if (environmentIds.length === 0) return out;
  const rows = await db.environmentCustodian.findMany({
    where: {
      environmentId: { in: [...new Set(environmentIds)] },
      removedAt: null,
      user: { disabledAt: null },
    },
    select: { environmentId: true, userId: true, user: { select: { email: true } } },
    orderBy: [{ assignedAt: "asc" }, { id: "asc" }],
  });
  for (const row of rows) {
    const list = out.get(row.environmentId) ?? [];
    list.push({ userId: row.userId, email: row.user.email });
    out.set(row.environmentId, list);
  }
  return out;
}

/** The admins who are not disabled: the yearly review's people beside the custodians. */
export function activeAdmins(db: Db | Tx): Promise<{ id: string; email: string }[]> {
  return db.user.findMany({
    where: { role: "admin", disabledAt: null },
    select: { id: true, email: true },
    orderBy: { email: "asc" },
  });
}

/**
 * The addresses of one message: each once, compared without regard to case (an address both in
 * the gateway's list and a custodian's account gets one copy), in the order first seen.
 */
export function mergeAddresses(...lists: string[][]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const address of lists.flat()) {
    const trimmed = address.trim();
    const key = trimmed.toLowerCase();
    if (!trimmed || seen.has(key)) continue;
    seen.add(key);
    out.push(trimmed);
  }
  return out;
}
