import { requireUser } from "@/lib/auth/session";
import { DEFAULT_TOKEN_DAYS } from "@/lib/auth/tokens";
import { apiTokensPageData } from "@/lib/auth/data";
import { revokeTokenAction } from "@/lib/auth/admin-actions";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { CreateTokenForm } from "@/components/admin/create-token-form";
import { isoDay, utcMinute } from "@/lib/dates";

export const metadata = { title: "API tokens" };
const day = (d: Date | null) => (d ? isoDay(d) : "—");

export default async function TokensPage() {
  await requireUser("admin");
  const tokens = await apiTokensPageData();
  const now = new Date();
  return (
    <>
      <PageHeader
        title="API tokens"
        description={`Bearer tokens for /api/v1. Only a hash is stored; the token is shown once. A token expires after ${DEFAULT_TOKEN_DAYS} days unless you choose otherwise, and stops working when the user who made it is disabled.`}
      />
      <div className="mb-6">
        <Card title="New token">
          <CreateTokenForm />
        </Card>
      </div>
      {tokens.length === 0 ? (
        <EmptyState title="No API token yet" />
      ) : (
        <Card>
          <table className="min-w-full text-sm">
            <thead className="text-left">
              <tr>
                <th scope="col" className="py-2">
                  Name
                </th>
                <th scope="col">Role</th>
                <th scope="col">Created by</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td className="py-2">{t.name}</td>
                  <td>{t.role}</td>
                  <td>{t.createdBy ?? "—"}</td>
                  <td>{day(t.createdAt)}</td>
                  <td>{t.expiresAt ? day(t.expiresAt) : "never"}</td>
                  <td title="Updated at most once a minute">
                    {t.lastUsedAt ? utcMinute(t.lastUsedAt) : "never"}
                  </td>
                  <td className="text-right">
                    {t.revokedAt ? (
                      <Badge tone="red">revoked {day(t.revokedAt)}</Badge>
                    ) : t.expiresAt && t.expiresAt <= now ? (
                      <Badge tone="amber">expired</Badge>
                    ) : (
                      <form action={revokeTokenAction}>
                        <input type="hidden" name="id" value={t.id} />
                        <Button variant="secondary" aria-label={`Revoke token ${t.name}`}>
                          Revoke
                        </Button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </>
  );
}
