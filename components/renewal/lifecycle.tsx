import { Badge } from "@/components/ui/card";
import { daysLeft, lifecycleState, startRenewalBy, type LifecycleState } from "@/lib/renewal/dates";
import { isoDay } from "@/lib/dates";

const TONES: Record<LifecycleState, "green" | "amber" | "red"> = {
  ok: "green",
  "renewal-due": "amber",
  expiring: "red",
  expired: "red",
};

/** The two dates ops act on, with the derived state: start-renewal-by first, it comes first. */
export function Lifecycle({
  notAfter,
  leadDays,
  now = new Date(),
}: {
  notAfter: Date;
  leadDays: number;
  now?: Date;
}) {
  const state = lifecycleState(notAfter, leadDays, now);
  const startBy = startRenewalBy(notAfter, leadDays);
  const untilStart = daysLeft(startBy, now);
  return (
    <div className="space-y-1 text-sm" data-testid="lifecycle">
      <p className="flex items-center gap-2">
        <Badge tone={TONES[state]}>{state}</Badge>
        <span data-testid="start-renewal-by">
          {untilStart > 0 ? (
            <>
              Start renewal in <strong>{untilStart}</strong> days, by {isoDay(startBy)}
            </>
          ) : (
            <>
              Renewal should have started on {isoDay(startBy)} ({-untilStart} days ago)
            </>
          )}
        </span>
      </p>
      <p className="text-slate-600 dark:text-slate-400">
        Expires {isoDay(notAfter)} ({daysLeft(notAfter, now)} days left); lead time {leadDays} days.
      </p>
    </div>
  );
}
