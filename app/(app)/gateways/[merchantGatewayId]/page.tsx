import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { gatewayPageData } from "@/lib/gateway/data";
import { Card, PageHeader } from "@/components/ui/card";
import { GatewaySettingsForm } from "@/components/gateway/settings-form";
import { environmentPath } from "@/components/shell/nav-sections";

export default async function GatewayPage({
  params,
}: {
  params: Promise<{ merchantGatewayId: string }>;
}) {
  const user = await requireUser();
  const { merchantGatewayId } = await params;
  const found = await gatewayPageData(decodeURIComponent(merchantGatewayId), user.role);
  if (!found) notFound();
  const { gateway, webhook } = found;
  // Only what the form shows goes to the browser: the webhook URL for admins only.
  const settings = {
    id: gateway.id,
    version: gateway.version,
    name: gateway.name,
    subjectCountry: gateway.subjectCountry,
    subjectState: gateway.subjectState,
    subjectLocality: gateway.subjectLocality,
    subjectOrg: gateway.subjectOrg,
    subjectOrgUnit: gateway.subjectOrgUnit,
    cnTemplate: gateway.cnTemplate,
    renewalLeadDays: gateway.renewalLeadDays,
    keyRotationDays: gateway.keyRotationDays,
    reminderThresholds: gateway.reminderThresholds,
    reminderEmails: gateway.reminderEmails,
    webhookUrl: webhook.url,
    webhookOrigin: webhook.origin,
    webhookFormat: webhook.format,
  };
  return (
    <>
      <PageHeader
        title={gateway.name}
        description={<span className="font-mono">{gateway.merchantGatewayId}</span>}
      />
      <section className="mb-6 grid gap-4 sm:grid-cols-2" aria-label="Environments">
        {gateway.environments.map((env) => (
          <Link
            key={env.id}
            href={environmentPath(gateway.merchantGatewayId, env.code)}
            className="rounded-lg border border-slate-200 bg-white p-4 hover:border-blue-500 dark:border-slate-800 dark:bg-slate-900"
          >
            <span className="text-lg font-semibold">{env.code}</span>
            <span className="ml-2 text-sm text-slate-600 dark:text-slate-400">
              {env.code === "PPR" ? "PreProd" : "Production"}
            </span>
          </Link>
        ))}
      </section>
      <Card title="Settings">
        {user.role !== "admin" && (
          <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
            Only an admin can change these settings.
          </p>
        )}
        <GatewaySettingsForm gateway={settings} readOnly={user.role !== "admin"} />
      </Card>
    </>
  );
}
