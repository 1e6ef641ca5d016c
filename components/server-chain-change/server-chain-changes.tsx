import Link from "next/link";
import type { ReactNode } from "react";
import type { Role } from "@/lib/auth/actor";
import { serverChainChangesView } from "@/lib/server-chain-change/data";
import type { ServerChainChangeDto, ServerChainStatus } from "@/lib/server-chain-change/dto";
import { SERVER_CHAIN_MAX_BYTES } from "@/lib/server-chain-change/schema";
import {
  allowedActions,
  changeWarnings,
  currentStep,
  isOpenChange,
  mayPlan,
  noChangeYet,
  SERVER_CHAIN_STEPS,
  type ServerChainStepKey,
  stepMark,
  whatsNext,
} from "@/lib/server-chain-change/workflow";
import { Badge, Card, EmptyState } from "@/components/ui/card";
import { environmentPath } from "@/components/shell/nav-sections";
import { AcknowledgeForm, CancelForm, NotifyForm, PlanServerChainForm, SwitchForm } from "./forms";
import { isoDay } from "@/lib/dates";

const muted = "text-slate-600 dark:text-slate-400";
const TONES: Record<ServerChainStatus, "slate" | "blue" | "green" | "amber" | "red"> = {
  planned: "amber",
  notified: "blue",
  acknowledged: "blue",
  switched: "green",
  cancelled: "slate",
};
const minute = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** What a step records once done, and what more it says. */
function stepRecord(
  key: ServerChainStepKey,
  c: ServerChainChangeDto,
): { done: ReactNode | null; detail?: ReactNode } {
  switch (key) {
    case "planned":
      return {
        done: (
          <>
            {minute(c.createdAt)} by {c.createdBy}
          </>
        ),
        detail: (
          <>
            Switch planned for <strong>{c.plannedAt}</strong>.
          </>
        ),
      };
    case "notified":
      return {
        done: c.notifiedAt ? (
          <>
            {c.notifiedAt} (recorded by {c.notifiedBy ?? "?"})
          </>
        ) : null,
      };
    case "acknowledged":
      return {
        done: c.acknowledgedAt ? (
          <>
            {c.acknowledgedAt}, reference <span className="font-mono">{c.acknowledgementRef}</span>{" "}
            (recorded by {c.acknowledgedBy ?? "?"})
          </>
        ) : null,
      };
    case "switched":
      return {
        done: c.switchedAt ? (
          <>
            {c.switchedAt} (recorded by {c.switchedBy ?? "?"})
          </>
        ) : null,
        detail: c.overrideReason ? (
          <span className="text-red-800 dark:text-red-300">
            Switched without Thales notified beforehand; admin override: “{c.overrideReason}”
          </span>
        ) : undefined,
      };
  }
}

function ChainTable({ change, inStore }: { change: ServerChainChangeDto; inStore: Set<string> }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">
          Certificates of the chain planned for {change.plannedAt}, our server certificate first
        </caption>
        <thead className="text-left">
          <tr>
            {["", "Subject", "Issuer", "Valid until", "SHA-256", "In the store now"].map((h) => (
              <th key={h} scope="col" className="px-2 py-1 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {change.certificates.map((cert) => (
            <tr key={cert.sha256}>
              <td className="px-2 py-1">{cert.isCa ? "CA" : "server"}</td>
              <td className="px-2 py-1">{cert.subject}</td>
              <td className={`px-2 py-1 ${muted}`}>
                {cert.issuer === cert.subject ? "self-signed" : cert.issuer}
              </td>
              <td className="whitespace-nowrap px-2 py-1">{cert.notAfter.slice(0, 10)}</td>
              <td className="px-2 py-1 font-mono text-xs" title={cert.sha256}>
                {cert.sha256.slice(0, 12)}…
              </td>
              <td className="px-2 py-1">{inStore.has(cert.sha256) ? "yes" : "no"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ChangeCard({
  change,
  inStore,
  storeCount,
  viewerRole,
}: {
  change: ServerChainChangeDto;
  inStore: Set<string>;
  storeCount: number;
  /** Who looks; null for earlier changes, which show no forms. */
  viewerRole: Role | null;
}) {
  const current = currentStep(change);
  const next = whatsNext(change);
  const warnings = changeWarnings(change, isoDay(new Date()));
  const actions = viewerRole ? allowedActions(change, viewerRole) : null;
  const notified = change.notifiedAt !== null;
  const leaf = change.certificates[0]!;
  return (
    <Card
      title={
        <span className="flex flex-wrap items-center gap-2">
          Server chain change for {change.plannedAt}{" "}
          <Badge tone={TONES[change.status]}>{change.status}</Badge>
        </span>
      }
    >
      <div className="space-y-4" data-testid="server-chain-change">
        <p className="text-sm">
          New server certificate <span className="font-medium">{leaf.subject}</span>, until{" "}
          {leaf.notAfter.slice(0, 10)}; {change.certificates.length} certificate
          {change.certificates.length === 1 ? "" : "s"} in the chain.
        </p>
        <p
          role="note"
          className={`rounded-md p-3 text-sm ${change.verdict.status === "mozilla" ? "bg-green-50 text-green-900 dark:bg-green-950 dark:text-green-200" : "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200"}`}
        >
          <span className="font-medium">
            {change.verdict.status === "mozilla" ? "Mozilla-recognised. " : "Private CA. "}
          </span>
          {change.verdict.message}
        </p>
        <ChainTable change={change} inStore={inStore} />
        {change.notes && (
          <p className="whitespace-pre-wrap rounded-md bg-slate-50 p-3 text-sm dark:bg-slate-800">
            {change.notes}
          </p>
        )}

        <ol
          className="space-y-2"
          aria-label={`Steps of the server chain change for ${change.plannedAt}`}
        >
          {SERVER_CHAIN_STEPS.map((step, index) => {
            const { done, detail } = stepRecord(step.key, change);
            const mark = stepMark(change, step.key, done !== null);
            return (
              <li
                key={step.key}
                aria-current={step.key === current ? "step" : undefined}
                className={`rounded-md border p-3 text-sm ${step.key === current ? "border-blue-500" : "border-slate-200 dark:border-slate-800"}`}
              >
                <p className="font-medium">
                  {index + 1}. {step.title}{" "}
                  {mark === "done" ? (
                    <span className="font-normal text-green-800 dark:text-green-300">✓ {done}</span>
                  ) : mark === "next" ? (
                    <span className="font-normal text-blue-800 dark:text-blue-300">— next</span>
                  ) : mark === "not-recorded" ? (
                    <span className={`font-normal ${muted}`}>— not recorded</span>
                  ) : null}
                </p>
                {detail && <p className="mt-1">{detail}</p>}
              </li>
            );
          })}
        </ol>

        {change.status === "cancelled" && (
          <p className={`text-sm ${muted}`}>
            Cancelled {change.cancelledAt ? minute(change.cancelledAt) : ""}; the trust store was
            not touched.
          </p>
        )}
        {warnings.switchedWithoutAcknowledgement && (
          <p
            role="note"
            className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
          >
            Switched without a recorded acknowledgement from Thales.
          </p>
        )}
        {next && (
          <p className="text-sm font-medium" data-testid="server-chain-next">
            {next}
          </p>
        )}
        {warnings.plannedDatePassed && (
          <p
            role="note"
            className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
          >
            The planned switch date {change.plannedAt} has passed: if the switch happened, record
            it; if the plan changed, cancel this change and plan a new one.
          </p>
        )}
        {warnings.notAcknowledgedYet && (
          <p
            role="note"
            className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
          >
            Thales has not acknowledged this change yet. The switch is allowed, but ask Thales for
            an acknowledgement first if you can.
          </p>
        )}

        {actions?.any && (
          <div className="space-y-4 border-t border-slate-200 pt-4 dark:border-slate-800">
            {actions.notify && <NotifyForm changeId={change.id} version={change.version} />}
            {actions.acknowledge && (
              <AcknowledgeForm changeId={change.id} version={change.version} />
            )}
            {actions.switch ? (
              <SwitchForm
                changeId={change.id}
                version={change.version}
                notified={notified}
                acknowledged={change.acknowledgedAt !== null}
                isAdmin={viewerRole === "admin"}
                storeCount={storeCount}
                chainCount={change.certificates.length}
              />
            ) : (
              <p className={`text-sm ${muted}`}>{actions.switchDisabledReason}</p>
            )}
            {actions.cancel && <CancelForm changeId={change.id} version={change.version} />}
          </div>
        )}
      </div>
    </Card>
  );
}

/**
 * Changes of our server CA or chain for one environment: each with its steps (who, when, what is
 * next) and, for operators, the forms. Thales must be notified before we switch; the switch
 * replaces the environment's our-server-chain trust store.
 */
export async function ServerChainChanges({
  environmentId,
  merchantGatewayId,
  env,
  role,
}: {
  environmentId: string;
  merchantGatewayId: string;
  env: string;
  role: Role;
}) {
  const { changes, entries } = await serverChainChangesView(environmentId);
  const open = changes.find(isOpenChange) ?? null;
  const past = changes.filter((c) => !isOpenChange(c));
  const inStore = new Set(entries.map((e) => e.sha256));
  const leaf = entries.find((e) => !e.isCa);
  const trustStores = `${environmentPath(merchantGatewayId, env, "trust-stores")}#our-server-chain`;

  return (
    <section aria-labelledby="server-chain-changes-title" className="space-y-4">
      <div>
        <h2 id="server-chain-changes-title" className="text-lg font-semibold">
          Our server CA changes
        </h2>
        <p className={`max-w-3xl text-sm ${muted}`}>
          Thales trusts our server through the chain we gave it. Thales must be notified{" "}
          <strong>before</strong> we change our server CA or chain: plan the change here, record
          when Thales was notified and when it acknowledged, then mark it switched. The switch
          replaces the{" "}
          <Link href={trustStores} className="text-blue-700 underline dark:text-blue-300">
            our-server-chain
          </Link>{" "}
          trust store.
        </p>
        <p className="mt-2 text-sm" data-testid="server-chain-store">
          {entries.length === 0 ? (
            <>The our-server-chain store is empty.</>
          ) : (
            <>
              The our-server-chain store holds {entries.length} certificate
              {entries.length === 1 ? "" : "s"}
              {leaf ? (
                <>
                  ; server certificate <span className="font-medium">{leaf.subjectDn}</span>, until{" "}
                  {isoDay(leaf.notAfter)}
                </>
              ) : null}
              .
            </>
          )}
        </p>
      </div>

      {open && (
        <ChangeCard change={open} inStore={inStore} storeCount={entries.length} viewerRole={role} />
      )}

      {mayPlan(open, role) && (
        <Card title="Plan a change of our server CA or chain">
          <p className={`mb-4 text-sm ${muted}`}>
            The new chain: our server certificate first, then its intermediate CAs (PEM, DER or
            PKCS#7). It is checked, and told apart as Mozilla-recognised or private; nothing changes
            in the trust store until the change is marked switched.
          </p>
          <PlanServerChainForm environmentId={environmentId} maxBytes={SERVER_CHAIN_MAX_BYTES} />
        </Card>
      )}

      {changes.length === 0 && (
        <EmptyState title="No server chain change recorded yet">{noChangeYet(role)}</EmptyState>
      )}

      {past.length > 0 && (
        <div className="space-y-4">
          <h3 className="text-base font-semibold">Earlier changes ({past.length})</h3>
          {past.map((change) => (
            <ChangeCard
              key={change.id}
              change={change}
              inStore={inStore}
              storeCount={entries.length}
              viewerRole={null}
            />
          ))}
        </div>
      )}
    </section>
  );
}
