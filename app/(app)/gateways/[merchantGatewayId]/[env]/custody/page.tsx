import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/actor";
import { requireEnvironment } from "@/lib/environment/data";
import { custodyPageData } from "@/lib/custody/data";
import { INSTALLATION_KINDS, kindSlugOf } from "@/lib/installation/schema";
import { Card } from "@/components/ui/card";
import { Installations } from "@/components/installation/installations";
import { Custodians } from "@/components/custody/custodians";
import { CustodyFindings } from "@/components/custody/findings";
import { environmentPath } from "@/components/shell/nav-sections";

export const metadata = { title: "Custody" };

export default async function CustodyPage({
  params,
}: {
  params: Promise<{ merchantGatewayId: string; env: string }>;
}) {
  const user = await requireUser();
  const { merchantGatewayId, env } = await params;
  const { gateway, environment } = await requireEnvironment(merchantGatewayId, env);
  const { custodians, findings, server, all } = await custodyPageData(environment.id);
  const path = (section: string) =>
    environmentPath(gateway.merchantGatewayId, environment.code, section);
  const isAdmin = hasRole(user.role, "admin");
  const held = all.filter((i) => !i.probeTargetId);
  return (
    <div className="space-y-6">
      <Card title={`Custody findings (${findings.length})`}>
        <CustodyFindings findings={findings} />
      </Card>
      <Card title="Custodians">
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          The people answerable for the keys and certificates of {gateway.merchantGatewayId}{" "}
          {environment.code} (PCI DSS 4.2.1.1). An installation may name its own custodian.
        </p>
        <Custodians
          environmentId={environment.id}
          currentUserId={user.id}
          isAdmin={isAdmin}
          candidates={server.users}
          rows={custodians.map((c) => ({
            userId: c.userId,
            name: c.user.name,
            email: c.user.email,
            disabled: c.user.disabledAt !== null,
            assignedAt: c.assignedAt.toISOString(),
            assignedBy: c.assignedBy,
            acknowledgedAt: c.acknowledgedAt?.toISOString() ?? null,
          }))}
        />
      </Card>
      <Card title="Our server chain: installations">
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          Where our server presents its chain to D1: a host:port, proven by its outbound probe (
          <Link href={path("probes")} className="underline">
            Probes
          </Link>
          ). The leaf it presented is expected when it is the leaf recorded in{" "}
          <Link href={`${path("trust-stores")}#our-server-chain`} className="underline">
            our server chain
          </Link>
          .
        </p>
        <Installations
          rows={server.rows}
          environmentId={environment.id}
          of={{ serverChain: true }}
          canWrite={hasRole(user.role, "operator")}
          users={server.users}
          emptyText="No installation of our server is recorded."
        />
      </Card>
      <Card title={`Client certificates and OAuth keys: installations (${held.length})`}>
        {held.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            No installation recorded. Record them on each{" "}
            <Link href={path("certificates")} className="underline">
              certificate
            </Link>{" "}
            and on the{" "}
            <Link href={path("signing-keys")} className="underline">
              OAuth key
            </Link>{" "}
            page.
          </p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-slate-600 dark:text-slate-400">
              <tr>
                <th className="py-1 pr-3">System</th>
                <th className="py-1 pr-3">Kind</th>
                <th className="py-1 pr-3">Where</th>
                <th className="py-1 pr-3">Carries</th>
                <th className="py-1">Custodian</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {held.map((i) => (
                <tr key={i.id}>
                  <td className="py-1 pr-3">{i.systemName}</td>
                  <td className="py-1 pr-3">{INSTALLATION_KINDS[kindSlugOf(i.kind)].label}</td>
                  <td className="break-all py-1 pr-3 font-mono text-xs">
                    {[i.host, i.location].filter(Boolean).join(" · ") || "—"}
                  </td>
                  <td className="py-1 pr-3">
                    {i.certificate ? (
                      <Link
                        href={`${path("certificates")}/${i.certificate.id}`}
                        className="font-mono text-xs text-blue-700 underline dark:text-blue-300"
                      >
                        {i.certificate.commonName}
                      </Link>
                    ) : i.signingKey ? (
                      <Link
                        href={path("signing-keys")}
                        className="font-mono text-xs text-blue-700 underline dark:text-blue-300"
                      >
                        key {i.signingKey.thumbprint.slice(0, 12)}…
                      </Link>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="py-1">{i.custodian ? i.custodian.email : "environment's"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
