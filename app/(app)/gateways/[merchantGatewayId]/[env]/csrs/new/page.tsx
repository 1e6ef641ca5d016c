import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/actor";
import { validateCnTemplate } from "@/lib/policy";
import { Card } from "@/components/ui/card";
import { requireEnvironment } from "@/lib/environment/data";
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
  const user = await requireUser("operator");
  const { merchantGatewayId, env } = await params;
  const renewalId = (await searchParams).renewal;
  const { gateway, environment } = await requireEnvironment(merchantGatewayId, env);
  // A template saved before the three placeholders were required: every CSR would be refused.
  const templateProblem = validateCnTemplate(gateway.cnTemplate);
  if (templateProblem) {
    return (
      <Card title="The CN template must be fixed first">
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          This gateway&apos;s Common Name template <code>{gateway.cnTemplate}</code> cannot be used
          because {templateProblem}.
        </p>
        <p className="mt-2 text-sm">
          An admin can fix it in the{" "}
          <Link className="underline" href={`/gateways/${gateway.merchantGatewayId}`}>
            gateway settings
          </Link>
          ; the default is{" "}
          <code>
            TLSMA-{"{keyType}"}/{"{merchantGatewayId}"}/{"{env}"}
          </code>
          .
        </p>
      </Card>
    );
  }
  return (
    <>
      <h2 className="mb-4 text-lg font-semibold">
        {renewalId ? "Renewal: new key pair and CSR" : "New CSR"} for {environment.code}
      </h2>
      <NewCsrWizard
        environmentId={environment.id}
        merchantGatewayId={gateway.merchantGatewayId}
        env={environment.code}
        cnTemplate={gateway.cnTemplate}
        canOverrideCn={hasRole(user.role, "admin")}
        defaults={{
          C: gateway.subjectCountry ?? "",
          ST: gateway.subjectState ?? "",
          L: gateway.subjectLocality ?? "",
          O: gateway.subjectOrg ?? "",
          OU: gateway.subjectOrgUnit ?? "",
        }}
        detailPath={environmentPath(gateway.merchantGatewayId, environment.code, "csrs")}
        renewal={
          renewalId
            ? {
                id: renewalId,
                path: `${environmentPath(gateway.merchantGatewayId, environment.code, "renewals")}/${renewalId}`,
              }
            : undefined
        }
      />
    </>
  );
}
