import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { environmentOverviewData, requireEnvironment } from "@/lib/environment/data";
import { TRUST_STORE_KINDS, TRUST_STORE_SLUGS } from "@/lib/trust-store/kinds";
import { renderCommonName, validateCnTemplate } from "@/lib/policy";
import { certificateState, effectiveLeadDays } from "@/lib/renewal/dates";
import { Lifecycle } from "@/components/renewal/lifecycle";
import { Card } from "@/components/ui/card";
import { CertificateStateBadge, ComplianceBadge } from "@/components/certificate/state-badge";
import { environmentPath } from "@/components/shell/nav-sections";
import { RenewalLeadForm } from "@/components/environment/renewal-lead-form";
import { FindingsList } from "@/components/ca-change/findings-list";
import { ChecklistProgress } from "@/components/checklist/progress";
import { CustodyFindings } from "@/components/custody/findings";
import { hasRole } from "@/lib/auth/actor";
import { verdictOf } from "@/lib/certificate/dto";

export default async function EnvironmentOverview({
  params,
}: {
  params: Promise<{ merchantGatewayId: string; env: string }>;
}) {
  const user = await requireUser();
  const { merchantGatewayId, env } = await params;
  const { gateway, environment } = await requireEnvironment(merchantGatewayId, env);
  const { cert, storeCounts, openCsrs, findings, checklist, pprChecklist, custody } =
    await environmentOverviewData(environment, gateway.id);
  const path = (section: string) =>
    environmentPath(gateway.merchantGatewayId, environment.code, section);
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {pprChecklist && pprChecklist.percent < 100 && (
        <p
          role="alert"
          className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 lg:col-span-2 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          PreProd&apos;s onboarding checklist is incomplete ({pprChecklist.percent}%): finish{" "}
          <Link
            className="underline"
            href={`${environmentPath(gateway.merchantGatewayId, "PPR")}/checklist`}
          >
            PPR
          </Link>{" "}
          before going live in Production.
        </p>
      )}
      {findings.length > 0 && (
        <div className="lg:col-span-2">
          <Card title={`Findings (${findings.length})`}>
            <FindingsList findings={findings} basePath={path("")} />
          </Card>
        </div>
      )}
      {custody.length > 0 && (
        <div className="lg:col-span-2">
          <Card title={`Custody findings (${custody.length})`}>
            <CustodyFindings findings={custody} />
          </Card>
        </div>
      )}
      <Card title="Client certificate">
        {cert ? (
          <div className="space-y-2 text-sm">
            <p className="flex flex-wrap items-center gap-2">
              <Link
                href={`${path("certificates")}/${cert.id}`}
                className="font-mono text-blue-700 hover:underline dark:text-blue-300"
              >
                {cert.commonName}
              </Link>
              <CertificateStateBadge state={certificateState(cert)} />
              {!cert.compliant && <ComplianceBadge verdict={verdictOf(cert).verdict} />}
            </p>
            <Lifecycle
              notAfter={cert.notAfter}
              leadDays={effectiveLeadDays(environment, gateway)}
            />
          </div>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            No client certificate has been imported for {environment.code} yet.{" "}
            {openCsrs > 0 ? (
              `${openCsrs} CSR${openCsrs > 1 ? "s are" : " is"} waiting for Thales.`
            ) : (
              <Link
                href={`${path("csrs")}/new`}
                className="text-blue-700 underline dark:text-blue-300"
              >
                Generate a CSR
              </Link>
            )}
          </p>
        )}
      </Card>
      <Card title="Trust stores">
        <ul className="space-y-1 text-sm">
          {TRUST_STORE_SLUGS.map((slug) => {
            const count = storeCounts[TRUST_STORE_KINDS[slug].db] ?? 0;
            return (
              <li key={slug} className="flex justify-between">
                <Link href={`${path("trust-stores")}#${slug}`} className="hover:underline">
                  {TRUST_STORE_KINDS[slug].title}
                </Link>
                <span className={count === 0 ? "text-amber-800 dark:text-amber-300" : ""}>
                  {count === 0 ? "empty" : `${count} certificate${count > 1 ? "s" : ""}`}
                </span>
              </li>
            );
          })}
        </ul>
      </Card>
      <Card title="Onboarding checklist">
        <ChecklistProgress
          done={checklist.done}
          total={checklist.total}
          percent={checklist.percent}
          label={`${environment.code} onboarding`}
        />
        <Link
          href={path("checklist")}
          className="mt-2 inline-block text-sm text-blue-700 underline dark:text-blue-300"
        >
          Open the checklist
        </Link>
      </Card>
      <Card title="Renewal lead time">
        <p className="text-sm">
          Renewal must start{" "}
          <strong data-testid="effective-lead-days">
            {effectiveLeadDays(environment, gateway)} days
          </strong>{" "}
          before a certificate of {environment.code} expires
          {environment.renewalLeadDaysOverride === null
            ? ` (the gateway's setting).`
            : ` (set for ${environment.code}; the gateway's is ${gateway.renewalLeadDays}).`}
        </p>
        {hasRole(user.role, "admin") && (
          <RenewalLeadForm
            environmentId={environment.id}
            override={environment.renewalLeadDaysOverride}
            gatewayDefault={gateway.renewalLeadDays}
          />
        )}
      </Card>
      <Card title="Expected Common Names">
        {validateCnTemplate(gateway.cnTemplate) ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            The CN template <code>{gateway.cnTemplate}</code> cannot be used because{" "}
            {validateCnTemplate(gateway.cnTemplate)}; an admin must fix it in the gateway settings
            before any CSR is accepted.
          </p>
        ) : (
          <dl className="space-y-2 text-sm">
            {(["RSA", "ECDSA"] as const).map((keyType) => (
              <div key={keyType}>
                <dt className="text-slate-600 dark:text-slate-400">
                  {keyType === "RSA" ? "RSA 4096" : "ECDSA P-256"}
                </dt>
                <dd className="font-mono">
                  {renderCommonName(gateway.cnTemplate, {
                    keyType,
                    merchantGatewayId: gateway.merchantGatewayId,
                    env: environment.code,
                  })}
                </dd>
              </div>
            ))}
          </dl>
        )}
      </Card>
    </div>
  );
}
