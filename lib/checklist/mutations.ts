import "server-only";
import type { Db } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Actor } from "@/lib/auth/actor";
import { evaluateChecklist } from "./evaluate";
import type { ManualTickInput } from "./schema";
import { isoDay } from "@/lib/dates";

export type TickResult =
  | { ok: true }
  | { ok: false; code: "not_found" | "proven" | "already_ticked" | "not_ticked"; message: string };

/** A person ticks an item the inventory cannot prove, with a note and the date it was done. */
export async function tickItem(
  db: Db,
  actor: Actor,
  environmentId: string,
  input: ManualTickInput,
): Promise<TickResult> {
  const environment = await db.environment.findUnique({
    where: { id: environmentId },
    select: { gatewayId: true, code: true },
  });
  if (!environment) return { ok: false, code: "not_found", message: "No such environment." };
  const row = (await evaluateChecklist(db, environmentId)).rows.find((r) => r.id === input.item)!;
  if (row.evidence)
    return {
      ok: false,
      code: "proven",
      message: `This item is already proven by evidence (${row.evidence.label}); no manual tick is needed.`,
    };
  try {
    await db.$transaction(async (tx) => {
      await tx.checklistTick.create({
        data: {
          environmentId,
          item: input.item,
          note: input.note,
          doneOn: input.doneOn,
          tickedById: actor.id,
          tickedByLabel: actor.label,
        },
      });
      await appendAudit(tx, actor, {
        action: "checklist.tick",
        objectType: "checklist",
        objectId: `${environmentId}/${input.item}`,
        gatewayId: environment.gatewayId,
        environmentId,
        summary: {
          env: environment.code,
          item: input.item,
          note: input.note,
          doneOn: isoDay(input.doneOn),
        },
      });
    });
    return { ok: true };
  } catch (error) {
    if (isUniqueViolation(error))
      return {
        ok: false,
        code: "already_ticked",
        message: "Someone ticked this item meanwhile. Reload to see who.",
      };
    throw error;
  }
}

/** Takes a manual tick back (after a confirmation in the UI); audited with what it said. */
export async function untickItem(
  db: Db,
  actor: Actor,
  environmentId: string,
  item: string,
): Promise<TickResult> {
  return db.$transaction(async (tx) => {
    const tick = await tx.checklistTick.findUnique({
      where: { environmentId_item: { environmentId, item } },
      include: { environment: { select: { gatewayId: true, code: true } } },
    });
    if (!tick)
      return {
        ok: false,
        code: "not_ticked",
        message: "This item has no manual tick (any more).",
      } as const;
    await tx.checklistTick.delete({ where: { id: tick.id } });
    await appendAudit(tx, actor, {
      action: "checklist.untick",
      objectType: "checklist",
      objectId: `${environmentId}/${item}`,
      gatewayId: tick.environment.gatewayId,
      environmentId,
      summary: {
        env: tick.environment.code,
        item,
        was: {
          by: tick.tickedByLabel,
          note: tick.note,
          doneOn: isoDay(tick.doneOn),
        },
      },
    });
    return { ok: true } as const;
  });
}
