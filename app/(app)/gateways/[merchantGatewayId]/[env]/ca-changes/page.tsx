import { requireUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/actor";
import { requireEnvironment } from "@/lib/environment/data";
import { clientCaChangesPageData } from "@/lib/ca-change/data";
import { SOURCE_LABELS, type CaChangeSource } from "@/lib/ca-change/schema";
import { CERTIFICATE_MAX_BYTES } from "@/lib/certificate/schema";
import { environmentPath } from "@/components/shell/nav-sections";
import { Badge, Card, EmptyState } from "@/components/ui/card";
import { RecordCaChangeForm } from "@/components/ca-change/record-form";
import { FindingsList } from "@/components/ca-change/findings-list";
import { ServerChainChanges } from "@/components/server-chain-change/server-chain-changes";
import { isoDay } from "@/lib/dates";

export const metadata = { title: "CA changes" };

const STATE_TONE = { announced: "amber", trusted: "blue", completed: "green" } as const;
const day = (d: Date | null) => (d ? isoDay(d) : "—");

export default async function CaChangesPage({
  params,
}: {
  params: Promise<{ merchantGatewayId: string; env: string }>;
}) {
  const user = await requireUser();
  const { merchantGatewayId, env } = await params;
  const { gateway, environment } = await requireEnvironment(merchantGatewayId, env);
  const { changes, findings, trusted } = await clientCaChangesPageData(environment.id);
  const canWrite = hasRole(user.role, "operator");
  const base = environmentPath(gateway.merchantGatewayId, environment.code);
  return (
    <div className="space-y-4">
      <Card title="Findings">
        <FindingsList findings={findings} basePath={base} />
      </Card>
      <Card title={`Thales Client CA changes (${environment.code})`}>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          A new Thales Client CA is <em>announced</em> when recorded, <em>trusted</em> once it is in
          the{" "}
          <a className="underline" href={`${base}/trust-stores#thales-client-ca`}>
            Thales Client CA store
          </a>
          , and <em>completed</em> when the CA it replaces has been removed after the effective
          date.
        </p>
        {changes.length === 0 ? (
          <EmptyState title="No change recorded">
            Record the Thales Client CA you received at onboarding, and each new one Thales
            announces.
          </EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-slate-600 dark:text-slate-400">
                <tr>
                  <th className="py-1 pr-3">CA</th>
                  <th className="pr-3">State</th>
                  <th className="pr-3">Source</th>
                  <th className="pr-3">Received</th>
                  <th className="pr-3">Effective</th>
                  <th className="pr-3">Replaces</th>
                  <th>Notes</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr
                    key={c.id}
                    className="border-t border-slate-200 align-top dark:border-slate-800"
                    data-testid={`ca-change-${c.sha256.slice(0, 16)}`}
                  >
                    <td className="py-2 pr-3">
                      <div>{c.subjectDn}</div>
                      <div className="break-all font-mono text-xs text-slate-600 dark:text-slate-400">
                        SHA-256 {c.sha256}
                      </div>
                      <div className="text-xs text-slate-600 dark:text-slate-400">
                        Valid until {day(c.notAfter)} · recorded by {c.createdByLabel}
                      </div>
                    </td>
                    <td className="pr-3">
                      <Badge tone={STATE_TONE[c.state]}>{c.state}</Badge>
                    </td>
                    <td className="pr-3">
                      {SOURCE_LABELS[c.source as CaChangeSource] ?? c.source}
                    </td>
                    <td className="whitespace-nowrap pr-3">{day(c.receivedAt)}</td>
                    <td className="whitespace-nowrap pr-3">{day(c.effectiveAt)}</td>
                    <td className="pr-3">
                      {c.replacesSha256
                        ? (c.replacesSubject ?? `${c.replacesSha256.slice(0, 16)}…`)
                        : "—"}
                    </td>
                    <td className="whitespace-pre-wrap">{c.notes || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {canWrite && (
        <Card title="Record a new Thales Client CA">
          <RecordCaChangeForm
            environmentId={environment.id}
            maxBytes={CERTIFICATE_MAX_BYTES}
            trusted={trusted}
          />
        </Card>
      )}
      <ServerChainChanges
        environmentId={environment.id}
        merchantGatewayId={gateway.merchantGatewayId}
        env={environment.code}
        role={user.role}
      />
    </div>
  );
}
