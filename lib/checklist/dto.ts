import type { Checklist } from "./evaluate";
import { isoDay } from "@/lib/dates";

export const toChecklistDto = (list: Checklist) => ({
  done: list.done,
  total: list.total,
  percent: list.percent,
  items: list.rows.map((r) => ({
    id: r.id,
    direction: r.direction,
    title: r.title,
    done: r.done,
    evidence: r.evidence
      ? { label: r.evidence.label, section: r.evidence.section, at: r.evidence.at.toISOString() }
      : null,
    tick: r.tick
      ? {
          by: r.tick.by,
          note: r.tick.note,
          doneOn: isoDay(r.tick.doneOn),
          at: r.tick.at.toISOString(),
        }
      : null,
    openReason: r.openReason,
  })),
});
