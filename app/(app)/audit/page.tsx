import { requireUser } from "@/lib/auth/session";
import { auditPageData } from "@/lib/audit/data";
import { PageHeader } from "@/components/ui/card";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { parseAuditQuery, auditNextHref } from "@/components/audit/query";

export const metadata = { title: "Audit trail" };

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await requireUser();
  const query = parseAuditQuery(await searchParams);
  const { events, nextBefore, actions } = await auditPageData(query);
  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every change, by whom and when. Records are hash-chained: `npm run admin -- audit verify` detects tampering."
      />
      <AuditFilters actions={actions} action={query.action} actor={query.actor} />
      <AuditTable events={events} nextHref={auditNextHref("/audit", query, nextBefore)} />
    </>
  );
}
