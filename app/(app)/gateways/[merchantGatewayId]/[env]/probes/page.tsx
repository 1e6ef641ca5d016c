import { requireUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/actor";
import { requireEnvironment } from "@/lib/environment/data";
import { probesPageData } from "@/lib/probe/data";
import { probeConfigFromEnv } from "@/lib/probe/config";
import { connectedOf, type ProbeReport } from "@/lib/probe/evidence";
import { hostPort } from "@/lib/probe/targets";
import { Badge, Card, EmptyState } from "@/components/ui/card";
import { AddTargetForm } from "@/components/probe/add-target-form";
import { DailyToggle, RemoveTargetButton, RunNowButton } from "@/components/probe/target-actions";
import { ProbeReportView, stamp } from "@/components/probe/report-view";
import { isoDay } from "@/lib/dates";

export const metadata = { title: "TLS probes" };

const HISTORY = 10;

export default async function ProbesPage({
  params,
}: {
  params: Promise<{ merchantGatewayId: string; env: string }>;
}) {
  const user = await requireUser();
  const { merchantGatewayId, env } = await params;
  const { environment } = await requireEnvironment(merchantGatewayId, env);
  const { targets, histories } = await probesPageData(environment.id, HISTORY + 1);
  const canRun = hasRole(user.role, "operator");
  const isAdmin = hasRole(user.role, "admin");
  const config = probeConfigFromEnv();
  const limitSeconds = Math.ceil(config.totalTimeoutMs / 1000);
  const now = new Date();
  return (
    <div className="space-y-6">
      <Card title="TLS probe">
        <p className="text-sm text-slate-600 dark:text-slate-400">
          The server connects to a target the way D1 or our client would: it resolves the name
          through DNS, tries TLS 1.2 and TLS 1.3 separately, checks the chain, and sees whether a
          client certificate is demanded and which client CAs are named. It never presents a client
          certificate. Each connection gives up after {(config.timeoutMs / 1000).toFixed(1)} s, a
          whole probe after {limitSeconds} s. Every result is kept as evidence for the checklist.
        </p>
      </Card>

      {isAdmin ? (
        <Card title="Add a target">
          <AddTargetForm environmentId={environment.id} />
        </Card>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Only an admin can add or remove probe targets.
          {canRun ? " You can run the existing ones." : ""}
        </p>
      )}

      {targets.length === 0 ? (
        <EmptyState title="No probe targets yet">
          {isAdmin
            ? "Add D1's host (inbound) and our own server (outbound) above."
            : "An admin adds D1's host (inbound) and our own server (outbound)."}
        </EmptyState>
      ) : (
        targets.map((target, i) => {
          const label = hostPort(target.host, target.port);
          const [latest, ...earlier] = histories[i]!.rows;
          const total = histories[i]!.total;
          return (
            <section
              key={target.id}
              id={`probe-${target.id}`}
              aria-labelledby={`probe-${target.id}-title`}
              className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900"
            >
              <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
                <div>
                  <h2 id={`probe-${target.id}-title`} className="font-mono text-base font-semibold">
                    {label}
                  </h2>
                  <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
                    <Badge tone="blue">
                      {target.direction === "inbound"
                        ? "inbound: D1's server"
                        : "outbound: our server"}
                    </Badge>
                    {target.daily && <Badge tone="slate">daily</Badge>}
                    <span>
                      added by {target.createdByLabel} on {isoDay(target.createdAt)}
                    </span>
                  </p>
                </div>
                <div className="flex flex-wrap items-center gap-2">
                  {canRun && (
                    <RunNowButton targetId={target.id} label={label} limitSeconds={limitSeconds} />
                  )}
                  {isAdmin && (
                    <DailyToggle targetId={target.id} daily={target.daily} label={label} />
                  )}
                  {isAdmin && (
                    <RemoveTargetButton
                      targetId={target.id}
                      label={label}
                      results={target._count.results}
                    />
                  )}
                </div>
              </div>
              {latest ? (
                <ProbeReportView
                  report={latest.result as unknown as ProbeReport}
                  at={latest.at}
                  ok={latest.ok}
                  durationMs={latest.durationMs}
                  now={now}
                />
              ) : (
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  Not probed yet.{canRun ? " Use “Run now”." : ""}
                </p>
              )}
              {earlier.length > 0 && (
                <details className="mt-4">
                  <summary className="cursor-pointer text-sm text-blue-700 dark:text-blue-300">
                    Earlier results ({total - 1})
                  </summary>
                  <ul className="mt-2 divide-y divide-slate-200 text-sm dark:divide-slate-800">
                    {earlier.slice(0, HISTORY).map((r) => {
                      const report = r.result as unknown as ProbeReport;
                      return (
                        <li key={r.id} className="flex flex-wrap items-center gap-2 py-1">
                          <Badge tone={r.ok ? "green" : "red"}>{r.ok ? "Passed" : "Failed"}</Badge>
                          <span>{stamp(r.at)}</span>
                          <span className="text-slate-600 dark:text-slate-400">
                            {connectedOf(report)
                              ? [report.tls12.ok && "TLS 1.2", report.tls13.ok && "TLS 1.3"]
                                  .filter(Boolean)
                                  .join(" + ") || "no TLS"
                              : "not reachable"}
                            {connectedOf(report) && !report.reachable
                              ? ", not reachable by D1"
                              : ""}
                            {report.chain
                              ? `, chain ${report.chain.verified ? "verified" : "not verified"}`
                              : ""}
                            {report.timedOut ? ", timed out" : ""}
                          </span>
                        </li>
                      );
                    })}
                  </ul>
                  {total - 1 > HISTORY && (
                    <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                      All {total} results: GET /api/v1/environments/{environment.id}/probes/
                      {target.id}/results
                    </p>
                  )}
                </details>
              )}
            </section>
          );
        })
      )}
    </div>
  );
}
