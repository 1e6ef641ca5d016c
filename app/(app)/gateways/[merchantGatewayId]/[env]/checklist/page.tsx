import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/actor";
import { requireEnvironment } from "@/lib/environment/data";
import type { ChecklistRow } from "@/lib/checklist/evaluate";
import { checklistPageData } from "@/lib/checklist/data";
import { environmentPath } from "@/components/shell/nav-sections";
import { Badge, Card } from "@/components/ui/card";
import { ChecklistProgress } from "@/components/checklist/progress";
import { TickForm, UntickButton } from "@/components/checklist/tick-form";
import { isoDay } from "@/lib/dates";

export const metadata = { title: "Onboarding checklist" };

export default async function ChecklistPage({
  params,
}: {
  params: Promise<{ merchantGatewayId: string; env: string }>;
}) {
  const user = await requireUser();
  const { merchantGatewayId, env } = await params;
  const { gateway, environment } = await requireEnvironment(merchantGatewayId, env);
  const { list, pprList } = await checklistPageData(environment, gateway.id);
  const base = environmentPath(gateway.merchantGatewayId, environment.code);
  const canWrite = hasRole(user.role, "operator");
  const section = (direction: "inbound" | "outbound", title: string, intro: string) => (
    <Card title={title}>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{intro}</p>
      <ul className="divide-y divide-slate-200 dark:divide-slate-800" aria-label={title}>
        {list.rows
          .filter((r) => r.direction === direction)
          .map((row) => (
            <Item
              key={row.id}
              row={row}
              base={base}
              environmentId={environment.id}
              canWrite={canWrite}
            />
          ))}
      </ul>
    </Card>
  );
  return (
    <div className="space-y-4">
      {pprList && pprList.percent < 100 && (
        <p
          role="alert"
          className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          PreProd&apos;s checklist is incomplete ({pprList.percent}%). Finish{" "}
          <Link
            className="underline"
            href={`${environmentPath(gateway.merchantGatewayId, "PPR")}/checklist`}
          >
            PPR
          </Link>{" "}
          before going live in Production.
        </p>
      )}
      <Card title={`Onboarding checklist (${environment.code})`}>
        <ChecklistProgress
          done={list.done}
          total={list.total}
          percent={list.percent}
          label={`${environment.code} onboarding`}
        />
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          Items tick themselves when the inventory holds the proof; the others are ticked by a named
          person with a note.
        </p>
      </Card>
      {section(
        "inbound",
        "Inbound: we call D1 (we are the TLS client)",
        "Our client certificate, D1's server roots, TLS and DNS, and the OAuth signing key.",
      )}
      {section(
        "outbound",
        "Outbound: D1 calls us (we are the TLS server)",
        "Our port and TLS, the Thales Client CA, our server chain, and OAuth client credentials.",
      )}
    </div>
  );
}

function Item({
  row,
  base,
  environmentId,
  canWrite,
}: {
  row: ChecklistRow;
  base: string;
  environmentId: string;
  canWrite: boolean;
}) {
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-3" data-item={row.id}>
      <div className="min-w-0 flex-1 space-y-1">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          <span
            aria-hidden
            className={row.done ? "text-green-700 dark:text-green-400" : "text-slate-400"}
          >
            {row.done ? "✓" : "○"}
          </span>
          {row.title}
          <Badge tone={row.done ? "green" : "slate"}>
            {row.evidence ? "proven" : row.tick ? "ticked" : "open"}
          </Badge>
        </p>
        <p className="text-sm text-slate-600 dark:text-slate-400">{row.requirement}</p>
        {row.evidence ? (
          <p className="text-sm" data-testid={`evidence-${row.id}`}>
            Evidence:{" "}
            <Link
              className="text-blue-700 underline dark:text-blue-300"
              href={`${base}/${row.evidence.section}${row.evidence.anchor ? `#${row.evidence.anchor}` : ""}`}
            >
              {row.evidence.label}
            </Link>{" "}
            ({isoDay(row.evidence.at)})
          </p>
        ) : row.tick ? (
          <p className="text-sm" data-testid={`tick-${row.id}`}>
            Ticked by {row.tick.by}, done on {isoDay(row.tick.doneOn)}: {row.tick.note}
          </p>
        ) : (
          <p className="text-xs text-slate-600 dark:text-slate-400">
            {row.evidenceRule
              ? `Ticks itself with: ${row.evidenceRule}`
              : "Only a person can tick this one."}
          </p>
        )}
        {row.openReason && !row.done && (
          <p
            className="text-sm text-amber-800 dark:text-amber-300"
            data-testid={`open-reason-${row.id}`}
          >
            Not proven yet: {row.openReason}
          </p>
        )}
      </div>
      {canWrite &&
        !row.evidence &&
        (row.tick ? (
          <UntickButton environmentId={environmentId} item={row.id} title={row.title} />
        ) : (
          <TickForm environmentId={environmentId} item={row.id} title={row.title} />
        ))}
    </li>
  );
}
