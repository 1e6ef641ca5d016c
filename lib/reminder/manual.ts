import "server-only";
import type { Db } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";
import { givingWay } from "@/lib/db/give-way";
import { runSweep, type SweepOptions, type SweepSummary } from "./sweep";

/**
 * A sweep that a person started (`npm run admin -- reminders run --now`), recorded in the audit
 * trail with its counts. A sweep is many small transactions, so its record follows it rather than
 * sharing one; scheduled sweeps are not audited (the delivery log records every attempt).
 * Started through the API, it runs inside the server: it gives way to other requests between its
 * steps unless told otherwise (the CLI, alone on its database, passes neverGiveWay); the request
 * that started it is its own, and it does not wait for that one.
 */
export async function runSweepNow(
  db: Db,
  actor: Actor,
  options: SweepOptions = {},
): Promise<SweepSummary> {
  const summary = await runSweep(db, { giveWay: givingWay({ ownRequests: 1 }), ...options });
  await db.$transaction((tx) =>
    appendAudit(tx, actor, {
      action: "reminders.sweep",
      objectType: "reminders",
      summary: {
        at: summary.at,
        due: summary.due,
        created: summary.created,
        sent: summary.sent,
        retrying: summary.retrying,
        dead: summary.dead,
        cancelled: summary.cancelled,
      },
    }),
  );
  return summary;
}
