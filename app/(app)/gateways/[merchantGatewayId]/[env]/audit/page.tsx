import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listAuditActions, listAuditEvents } from "@/lib/audit/data";
import { findEnvironment } from "@/lib/gateway/environment";
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
  const { gateway, environment } = (await findEnvironment(merchantGatewayId, env))!;
  const query = parseAuditQuery(await searchParams);
  const prisma = await db();
  const [{ events, nextBefore }, actions] = await Promise.all([
    listAuditEvents(prisma, {
      ...query,
      environment: { gatewayId: gateway.id, environmentId: environment.id },
    }),
    listAuditActions(prisma),
  ]);
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
