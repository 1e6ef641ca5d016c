import Link from "next/link";
import type { EnvironmentRow } from "@/lib/overview/data";
import { environmentPath } from "@/components/shell/nav-sections";
import { Badge } from "@/components/ui/card";
import { isoDay } from "@/lib/dates";

const STATE_TONE = {
  ok: "green",
  "renewal-due": "amber",
  expiring: "red",
  expired: "red",
} as const;

/**
 * One row per gateway and environment, most urgent first, each cell linking to where to act.
 * Links are not prefetched: a table of them made a cold load fire dozens of server renders.
 */
export function EnvironmentTable({ rows }: { rows: EnvironmentRow[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
        <caption className="sr-only">Gateways and environments, most urgent first</caption>
        <thead className="bg-slate-50 text-left dark:bg-slate-900">
          <tr>
            <th scope="col" className="px-3 py-2">
              Gateway · environment
            </th>
            <th scope="col" className="px-3 py-2">
              Client certificate
            </th>
            <th scope="col" className="px-3 py-2">
              Start renewal by
            </th>
            <th scope="col" className="px-3 py-2">
              Checklist
            </th>
            <th scope="col" className="px-3 py-2">
              Trust stores and CA changes
            </th>
            <th scope="col" className="px-3 py-2">
              Reminders
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {rows.map((r) => {
            const path = (section = "") => environmentPath(r.merchantGatewayId, r.code, section);
            const warnings = [...r.findings.map((f) => f.message), ...r.storeWarnings];
            return (
              <tr
                key={r.environmentId}
                className="align-top"
                data-testid={`overview-${r.merchantGatewayId}-${r.code}`}
              >
                <td className="px-3 py-2">
                  <Link
                    prefetch={false}
                    href={path()}
                    className="font-medium text-blue-700 hover:underline dark:text-blue-300"
                  >
                    {r.merchantGatewayId} · {r.code}
                  </Link>
                  <div className="text-xs text-slate-600 dark:text-slate-400">{r.gatewayName}</div>
                </td>
                <td className="px-3 py-2">
                  {r.certificate ? (
                    <>
                      <Link
                        prefetch={false}
                        href={`${path("certificates")}/${r.certificate.id}`}
                        className="font-mono text-xs hover:underline"
                      >
                        {r.certificate.commonName}
                      </Link>
                      <div className="flex items-center gap-2">
                        <Badge tone={STATE_TONE[r.certificate.state]}>{r.certificate.state}</Badge>{" "}
                        {r.certificate.daysLeft < 0
                          ? `expired ${-r.certificate.daysLeft} days ago`
                          : `${r.certificate.daysLeft} days left`}
                      </div>
                    </>
                  ) : (
                    <Link
                      prefetch={false}
                      href={`${path("csrs")}/new`}
                      className="text-slate-600 underline dark:text-slate-400"
                    >
                      None yet: generate a CSR
                    </Link>
                  )}
                </td>
                <td className="px-3 py-2">
                  {r.certificate ? (
                    <>
                      {isoDay(r.certificate.startRenewalBy)}
                      {r.certificate.startRenewalBy.getTime() <= Date.now() &&
                        r.certificate.state !== "expired" && (
                          <div className="text-xs font-medium text-red-700 dark:text-red-300">
                            passed: renew now
                          </div>
                        )}
                    </>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="px-3 py-2">
                  <Link prefetch={false} href={path("checklist")} className="hover:underline">
                    {r.checklist.percent}% ({r.checklist.done}/{r.checklist.total})
                  </Link>
                </td>
                <td className="px-3 py-2">
                  {warnings.length === 0 && r.pendingCaChanges === 0 ? (
                    <span className="text-slate-600 dark:text-slate-400">No warning</span>
                  ) : (
                    <ul className="space-y-1">
                      {r.pendingCaChanges > 0 && (
                        <li>
                          <Link
                            prefetch={false}
                            href={path("ca-changes")}
                            className="text-amber-800 underline dark:text-amber-300"
                          >
                            {r.pendingCaChanges} pending CA change
                            {r.pendingCaChanges > 1 ? "s" : ""}
                          </Link>
                        </li>
                      )}
                      {warnings.slice(0, 3).map((w) => (
                        <li key={w} className="text-amber-900 dark:text-amber-200">
                          {w}
                        </li>
                      ))}
                      {warnings.length > 3 && (
                        <li>
                          <Link prefetch={false} href={path("trust-stores")} className="underline">
                            {warnings.length - 3} more
                          </Link>
                        </li>
                      )}
                    </ul>
                  )}
                </td>
                <td className="px-3 py-2">
                  {r.unacknowledgedReminders > 0 ? (
                    <Link
                      prefetch={false}
                      href={r.certificate ? `${path("certificates")}/${r.certificate.id}` : path()}
                      className="text-red-700 underline dark:text-red-300"
                    >
                      {r.unacknowledgedReminders} unacknowledged
                    </Link>
                  ) : (
                    <span className="text-slate-600 dark:text-slate-400">None</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
