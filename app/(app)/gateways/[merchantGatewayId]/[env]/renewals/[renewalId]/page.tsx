import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/actor";
import { requireEnvironment } from "@/lib/environment/data";
import { renewalPageData } from "@/lib/renewal/data";
import { nextStep, RENEWAL_STEPS, type RenewalStep } from "@/lib/renewal/workflow";
import { Card } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import {
  DeployMoreForm,
  DeployStepForm,
  RetireStepForm,
  SubmitStepForm,
} from "@/components/renewal/step-forms";
import { environmentPath } from "@/components/shell/nav-sections";
import { verdictOf } from "@/lib/certificate/dto";
import { isoDay } from "@/lib/dates";

export const metadata = { title: "Renewal" };

const TITLES: Record<RenewalStep, string> = {
  csr: "New key pair and CSR",
  submitted: "CSR sent to Thales",
  imported: "New certificate imported and matched",
  deployed: "New certificate deployed",
  retired: "Old certificate retired",
};
const when = (d: Date | null, who: string | null) =>
  d ? `${isoDay(d)}${who ? ` by ${who}` : ""}` : null;

export default async function RenewalPage({
  params,
}: {
  params: Promise<{ merchantGatewayId: string; env: string; renewalId: string }>;
}) {
  const user = await requireUser();
  const { merchantGatewayId, env, renewalId } = await params;
  const { gateway, environment } = await requireEnvironment(merchantGatewayId, env);
  const found = await renewalPageData(environment.id, renewalId);
  if (!found) notFound();
  const { renewal, movedCount } = found;
  // The old certificate's installations that still carry it: the deployed step moves them.
  const onOld = found.onOld.map((i) => ({
    id: i.id,
    label: `${i.systemName}${i.host ? ` (${i.host}${i.port ? `:${i.port}` : ""})` : ""}${i.location ? ` · ${i.location}` : ""}`,
  }));
  const path = (section: string) =>
    environmentPath(gateway.merchantGatewayId, environment.code, section);
  const current = renewal.status === "open" ? nextStep(renewal) : null;
  const canWrite = hasRole(user.role, "operator");
  const done: Record<RenewalStep, string | null> = {
    csr: when(renewal.csrAt, renewal.csrBy),
    submitted: when(renewal.submittedAt, renewal.submittedBy),
    imported: when(renewal.importedAt, renewal.importedBy),
    deployed: when(renewal.deployedAt, renewal.deployedBy),
    retired: when(renewal.retiredAt, renewal.retiredBy),
  };
  return (
    <Card
      title={
        <>
          Renewal of{" "}
          <Link
            href={`${path("certificates")}/${renewal.oldCertificate.id}`}
            className="font-mono text-blue-700 underline dark:text-blue-300"
          >
            {renewal.oldCertificate.commonName}
          </Link>
        </>
      }
    >
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
        Started {isoDay(renewal.startedAt)} by {renewal.startedBy}. The old certificate expires{" "}
        {isoDay(renewal.oldCertificate.notAfter)}.
        {renewal.status === "completed" && " This renewal is complete."}
      </p>
      <ol className="space-y-4" aria-label="Renewal steps">
        {RENEWAL_STEPS.map((step, index) => {
          const isCurrent = step === current;
          return (
            <li
              key={step}
              aria-current={isCurrent ? "step" : undefined}
              className={`rounded-md border p-4 ${isCurrent ? "border-blue-500" : "border-slate-200 dark:border-slate-800"}`}
            >
              <p className="font-medium">
                {index + 1}. {TITLES[step]}{" "}
                {done[step] ? (
                  <span className="text-sm font-normal text-green-800 dark:text-green-300">
                    ✓ {done[step]}
                  </span>
                ) : isCurrent ? (
                  <span className="text-sm font-normal text-blue-800 dark:text-blue-300">
                    — next
                  </span>
                ) : null}
              </p>
              {step === "csr" && renewal.newCsr && (
                <p className="text-sm">
                  <Link href={`${path("csrs")}/${renewal.newCsr.id}`} className="underline">
                    {renewal.newCsr.commonName}
                  </Link>{" "}
                  ({renewal.newCsr.keyType}, {renewal.newCsr.status})
                </p>
              )}
              {step === "imported" && renewal.newCertificate && (
                <p className="text-sm">
                  <Link
                    href={`${path("certificates")}/${renewal.newCertificate.id}`}
                    className="underline"
                  >
                    {renewal.newCertificate.commonName}
                  </Link>
                  , until {isoDay(renewal.newCertificate.notAfter)}
                  {renewal.newCertificate.compliant
                    ? ""
                    : verdictOf(renewal.newCertificate).verdict === "unverified"
                      ? " — UNVERIFIED (add the Thales CA to client-cert-issuers)"
                      : " — NON-COMPLIANT"}
                </p>
              )}
              {step === "deployed" && renewal.deploymentNote && (
                <p className="text-sm">{renewal.deploymentNote}</p>
              )}
              {step === "deployed" && renewal.deployedAt && (
                <p className="text-sm" data-testid="installations-on-old">
                  {onOld.length > 0
                    ? `Still on the old certificate: ${onOld.map((i) => i.label).join(", ")}.`
                    : movedCount > 0
                      ? `Every recorded installation carries the new certificate (${movedCount}).`
                      : "No installation recorded for the old certificate."}
                </p>
              )}
              {step === "deployed" &&
                renewal.deployedAt &&
                renewal.status === "open" &&
                canWrite &&
                onOld.length > 0 && (
                  <div className="mt-3">
                    <DeployMoreForm renewalId={renewal.id} installations={onOld} />
                  </div>
                )}
              {isCurrent && canWrite && (
                <div className="mt-3">
                  {step === "csr" && (
                    <Link
                      href={`${path("csrs")}/new?renewal=${renewal.id}`}
                      className={buttonClass("primary")}
                    >
                      Generate the new CSR
                    </Link>
                  )}
                  {step === "submitted" && <SubmitStepForm renewalId={renewal.id} />}
                  {step === "imported" && (
                    <Link
                      href={`${path("certificates")}/import`}
                      className={buttonClass("primary")}
                    >
                      Import the new certificate
                    </Link>
                  )}
                  {step === "deployed" && (
                    <DeployStepForm renewalId={renewal.id} installations={onOld} />
                  )}
                  {step === "retired" && (
                    <RetireStepForm
                      renewalId={renewal.id}
                      oldName={renewal.oldCertificate.commonName}
                    />
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
