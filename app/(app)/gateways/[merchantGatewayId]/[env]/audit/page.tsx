import { requireUser } from "@/lib/auth/session";
import { auditPageData } from "@/lib/audit/data";
import { requireEnvironment } from "@/lib/environment/data";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { parseAuditQuery, auditNextHref } from "@/components/audit/query";
import { environmentPath } from "@/components/shell/nav-sections";

export default async function EnvironmentAuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ merchantGatewayId: string; env: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await requireUser();
  const { merchantGatewayId, env } = await params;
  const { gateway, environment } = await requireEnvironment(merchantGatewayId, env);
  const query = parseAuditQuery(await searchParams);
  const { events, nextBefore, actions } = await auditPageData({
    ...query,
    environment: { gatewayId: gateway.id, environmentId: environment.id },
  });
  return (
    <>
      <AuditFilters actions={actions} action={query.action} actor={query.actor} />
      <AuditTable
        events={events}
        nextHref={auditNextHref(
          environmentPath(gateway.merchantGatewayId, env, "audit"),
          query,
          nextBefore,
        )}
      />
    </>
  );
}
