import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listGateways } from "@/lib/gateway/data";
import { currentCertificate } from "@/lib/certificate/data";
import { certificateState, daysLeft } from "@/lib/renewal/dates";
import { CertificateStateBadge } from "@/components/certificate/state-badge";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { environmentPath } from "@/components/shell/nav-sections";

export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requireUser();
  const prisma = await db();
  const gateways = await listGateways(prisma);
  const certificates = new Map(
    await Promise.all(gateways.flatMap((g) => g.environments.map(async (env) => [env.id, await currentCertificate(prisma, env.id)] as const))),
  );
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
                    <CertificateSummary certificate={certificates.get(env.id) ?? null} />
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

function CertificateSummary({ certificate }: { certificate: { notAfter: Date; revokedAt: Date | null; supersededById: string | null } | null }) {
  if (!certificate) return <span className="text-sm text-slate-600 dark:text-slate-400">No client certificate yet</span>;
  return (
    <span className="flex items-center gap-2 text-sm">
      <CertificateStateBadge state={certificateState(certificate)} />
      {daysLeft(certificate.notAfter)} days left
    </span>
  );
}
