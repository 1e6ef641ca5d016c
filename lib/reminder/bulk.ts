import "server-only";
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { acknowledgeIn, snoozeIn, snoozeUntilRefusal, type ReminderStateResult } from "./mutations";
import type { BulkAcknowledgeInput, BulkSnoozeInput } from "./schema";

type State = Extract<ReminderStateResult, { ok: true }>["state"];
type Refusal = Extract<ReminderStateResult, { ok: false }>;
export type BulkResult = { ok: true; states: State[] } | (Refusal & { index?: number });

/** Thrown inside the transaction to roll back every pair already done when one is refused. */
class BulkRefused extends Error {
  constructor(
    readonly refusal: Refusal,
    readonly index: number,
  ) {
    super(refusal.message);
  }
}

// A few queries per pair; the default 5 s transaction limit is too short for 200 pairs on PGlite.
const TRANSACTION = { timeout: 60_000, maxWait: 10_000 };

async function allOrNothing(
  db: Db,
  count: number,
  one: (
    tx: Parameters<Parameters<Db["$transaction"]>[0]>[0],
    index: number,
  ) => Promise<ReminderStateResult>,
): Promise<BulkResult> {
  try {
    const states = await db.$transaction(async (tx) => {
      const done: State[] = [];
      for (let index = 0; index < count; index++) {
        const result = await one(tx, index);
        if (!result.ok) throw new BulkRefused(result, index);
        done.push(result.state);
      }
      return done;
    }, TRANSACTION);
    return { ok: true, states };
  } catch (error) {
    if (!(error instanceof BulkRefused)) throw error;
    const { refusal, index } = error;
    return {
      ...refusal,
      index,
      field: `items.${index}.certificateId`,
      message: `items[${index}]: ${refusal.message} Nothing was changed.`,
    };
  }
}

/** Acknowledges every pair, each audited as from the page, in one transaction: all or none. */
export function acknowledgeMany(
  db: Db,
  actor: Actor,
  input: BulkAcknowledgeInput,
  now = new Date(),
): Promise<BulkResult> {
  return allOrNothing(db, input.items.length, (tx, i) =>
    acknowledgeIn(tx, actor, input.items[i]!, now),
  );
}

/** Snoozes every pair until one date with one reason, each audited, in one transaction: all or none. */
export async function snoozeMany(
  db: Db,
  actor: Actor,
  input: BulkSnoozeInput,
  now = new Date(),
): Promise<BulkResult> {
  const refused = snoozeUntilRefusal(input.until, now);
  if (refused) return refused;
  return allOrNothing(db, input.items.length, (tx, i) =>
    snoozeIn(tx, actor, { ...input.items[i]!, until: input.until, reason: input.reason }, now),
  );
}
