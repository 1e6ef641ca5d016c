import { requireUser } from "@/lib/auth/session";
import { findEnvironment } from "@/lib/gateway/environment";
import { renderCommonName } from "@/lib/policy";
import { Card } from "@/components/ui/card";

export default async function EnvironmentOverview({ params }: { params: Promise<{ merchantGatewayId: string; env: string }> }) {
  await requireUser();
  const { merchantGatewayId, env } = await params;
  const found = (await findEnvironment(merchantGatewayId, env))!;
  const { gateway, environment } = found;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card title="Client certificate">
        <p className="text-sm text-slate-600 dark:text-slate-400">No client certificate has been imported for {environment.code} yet.</p>
      </Card>
      <Card title="Expected Common Names">
        <dl className="space-y-2 text-sm">
          {(["RSA", "ECDSA"] as const).map((keyType) => (
            <div key={keyType}>
              <dt className="text-slate-600 dark:text-slate-400">{keyType === "RSA" ? "RSA 4096" : "ECDSA P-256"}</dt>
              <dd className="font-mono">{renderCommonName(gateway.cnTemplate, { keyType, merchantGatewayId: gateway.merchantGatewayId, env: environment.code })}</dd>
            </div>
          ))}
        </dl>
      </Card>
    </div>
  );
}
