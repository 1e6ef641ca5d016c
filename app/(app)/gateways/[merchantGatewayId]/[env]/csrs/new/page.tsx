import { requireUser } from "@/lib/auth/session";
import { findEnvironment } from "@/lib/gateway/environment";
import { NewCsrWizard } from "@/components/csr/new-csr-wizard";
import { environmentPath } from "@/components/shell/nav-sections";

export const metadata = { title: "New CSR" };

export default async function NewCsrPage({
  params,
  searchParams,
}: {
  params: Promise<{ merchantGatewayId: string; env: string }>;
  searchParams: Promise<{ renewal?: string }>;
}) {
  await requireUser("operator");
  const { merchantGatewayId, env } = await params;
  const renewalId = (await searchParams).renewal;
  const { gateway, environment } = (await findEnvironment(merchantGatewayId, env))!;
  return (
    <>
      <h2 className="mb-4 text-lg font-semibold">{renewalId ? "Renewal: new key pair and CSR" : "New CSR"} for {environment.code}</h2>
      <NewCsrWizard
        environmentId={environment.id}
        merchantGatewayId={gateway.merchantGatewayId}
        env={environment.code}
        cnTemplate={gateway.cnTemplate}
        defaults={{
          C: gateway.subjectCountry ?? "",
          ST: gateway.subjectState ?? "",
          L: gateway.subjectLocality ?? "",
          O: gateway.subjectOrg ?? "",
          OU: gateway.subjectOrgUnit ?? "",
        }}
        detailPath={environmentPath(gateway.merchantGatewayId, environment.code, "csrs")}
        renewal={renewalId ? { id: renewalId, path: `${environmentPath(gateway.merchantGatewayId, environment.code, "renewals")}/${renewalId}` } : undefined}
      />
    </>
  );
}
