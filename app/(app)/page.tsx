import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { overviewPageData, type StateCounts } from "@/lib/overview/data";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { EnvironmentTable } from "@/components/overview/environment-table";
import { ExpiryTimeline } from "@/components/overview/expiry-timeline";

export const metadata = { title: "Overview" };

const COUNTS: { key: keyof StateCounts; label: string; tone: string; filter?: string }[] = [
  { key: "expired", label: "Expired", tone: "text-red-700 dark:text-red-300", filter: "expired" },
  {
    key: "expiring",
    label: "Expiring (≤ 30 days)",
    tone: "text-red-700 dark:text-red-300",
    filter: "expiring",
  },
  {
    key: "renewal-due",
    label: "Renewal due",
    tone: "text-amber-800 dark:text-amber-300",
    filter: "renewal-due",
  },
  { key: "ok", label: "OK", tone: "text-green-800 dark:text-green-300", filter: "ok" },
  { key: "superseded", label: "Superseded", tone: "text-slate-700 dark:text-slate-300" },
  { key: "revoked", label: "Revoked", tone: "text-slate-700 dark:text-slate-300" },
];

/** What needs me, and by when: every gateway and environment, most urgent first. */
export default async function OverviewPage() {
  const user = await requireUser();
  const { rows, counts, timeline, computedAt } = await overviewPageData();
  return (
    <>
      <PageHeader
        title="Overview"
        description="What needs attention, and by when: every gateway and environment, most urgent first."
      />
      {rows.length === 0 ? (
        <EmptyState title="Nothing to watch yet">
          <p>Start by creating a gateway with the merchant gateway id Thales gave you.</p>
          {user.role === "admin" && (
            <Link href="/gateways" className={buttonClass("primary", "mt-4")}>
              Create a gateway
            </Link>
          )}
        </EmptyState>
      ) : (
        <div className="space-y-4">
          <ul
            className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6"
            aria-label="Client certificates by state"
          >
            {COUNTS.map((c) => (
              <li
                key={c.key}
                className="rounded-lg border border-slate-200 p-3 dark:border-slate-800"
              >
                {c.filter ? (
                  <Link href={`/certificates?state=${c.filter}`} className="block hover:underline">
                    <span
                      className={`block text-2xl font-semibold ${c.tone}`}
                      data-testid={`count-${c.key}`}
                    >
                      {counts[c.key]}
                    </span>
                    <span className="text-sm">{c.label}</span>
                  </Link>
                ) : (
                  <>
                    <span
                      className={`block text-2xl font-semibold ${c.tone}`}
                      data-testid={`count-${c.key}`}
                    >
                      {counts[c.key]}
                    </span>
                    <span className="text-sm">{c.label}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            As of{" "}
            <time dateTime={computedAt.toISOString()}>
              {computedAt.toISOString().slice(11, 19)} UTC
            </time>
            : refreshed at once after any change, and every 30 seconds.
          </p>
          <EnvironmentTable rows={rows} />
          <Card title="Expiry timeline">
            <ExpiryTimeline timeline={timeline} />
          </Card>
        </div>
      )}
    </>
  );
}
