import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listGateways } from "@/lib/gateway/data";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { environmentPath } from "@/components/shell/nav-sections";

export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requireUser();
  const gateways = await listGateways(await db());
  return (
    <>
      <PageHeader title="Overview" description="What needs attention, per gateway and environment." />
      {gateways.length === 0 ? (
        <EmptyState title="Nothing to watch yet">
          <p>Start by creating a gateway with the merchant gateway id Thales gave you.</p>
          {user.role === "admin" && (
            <Link href="/gateways" className={buttonClass("primary", "mt-4")}>
              Create a gateway
            </Link>
          )}
        </EmptyState>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {gateways.map((g) => (
            <Card key={g.id} title={`${g.name} (${g.merchantGatewayId})`}>
              <ul className="divide-y divide-slate-200 dark:divide-slate-800">
                {g.environments.map((env) => (
                  <li key={env.id} className="flex items-center justify-between py-2">
                    <Link href={environmentPath(g.merchantGatewayId, env.code)} className="font-medium hover:underline">
                      {env.code === "PPR" ? "PreProd (PPR)" : "Production (PRD)"}
                    </Link>
                    <span className="text-sm text-slate-600 dark:text-slate-400">No client certificate yet</span>
                  </li>
                ))}
              </ul>
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
