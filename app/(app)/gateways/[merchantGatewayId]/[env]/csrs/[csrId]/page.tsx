import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/actor";
import { requireEnvironment } from "@/lib/environment/data";
import { csrOf } from "@/lib/csr/data";
import { parseCsr, type SubjectField } from "@/lib/pki";
import { checkCsr, renderCommonName, validateCnTemplate } from "@/lib/policy";
import { ViolationList } from "@/components/csr/violation-list";
import { Card } from "@/components/ui/card";
import { CsrStatusBadge, keyLabel } from "@/components/csr/status-badge";
import { CopyCommand, DownloadPemButton } from "@/components/csr/pem-actions";
import { CancelCsrForm, SubmitCsrForm } from "@/components/csr/csr-transitions";
import { fileStem } from "@/components/csr/download";
import { isoDay, utcMinute } from "@/lib/dates";

export const metadata = { title: "CSR" };
const SUBJECT_LABELS: [SubjectField, string][] = [
  ["C", "Country"],
  ["ST", "State"],
  ["L", "Locality"],
  ["O", "Organisation"],
  ["OU", "Organisational unit"],
  ["CN", "Common Name"],
];

export default async function CsrDetailPage({
  params,
  searchParams,
}: {
  params: Promise<{ merchantGatewayId: string; env: string; csrId: string }>;
  searchParams: Promise<{ created?: string }>;
}) {
  const user = await requireUser();
  const { merchantGatewayId, env, csrId } = await params;
  const { gateway, environment } = await requireEnvironment(merchantGatewayId, env);
  const csr = await csrOf(environment.id, csrId);
  if (!csr) notFound();
  const parsed = await parseCsr(csr.pem);
  // Warnings are recomputed from the stored PEM, so they follow the policy in force.
  const templateOk = !validateCnTemplate(gateway.cnTemplate);
  const ctx = {
    cnTemplate: gateway.cnTemplate,
    merchantGatewayId: gateway.merchantGatewayId,
    env: environment.code,
  };
  const warnings = templateOk ? checkCsr(parsed, ctx).filter((v) => v.severity === "warning") : [];
  const templateCn =
    templateOk && parsed.keyType !== "OTHER"
      ? renderCommonName(gateway.cnTemplate, { ...ctx, keyType: parsed.keyType })
      : null;
  const filename = `${fileStem(csr.commonName)}.csr.pem`;
  const canWrite = hasRole(user.role, "operator");
  const created = (await searchParams).created === "1";
  return (
    <div className="space-y-4">
      {created && (
        <p
          role="status"
          className="rounded-md bg-green-50 p-3 text-sm text-green-900 dark:bg-green-950 dark:text-green-200"
        >
          The CSR is in the inventory. Send the PEM to your Thales representative, then mark it as
          submitted.
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="font-mono text-lg font-semibold">{csr.commonName}</h2>
        <CsrStatusBadge status={csr.status} />
        {csr.cnOverridden && (
          <span className="text-xs text-amber-800 dark:text-amber-300">CN overridden</span>
        )}
      </div>
      {csr.cnOverridden && (
        <div
          data-testid="cn-override"
          className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          <p className="font-medium">
            The Common Name differs from the gateway&apos;s template
            {templateCn ? (
              <>
                {" "}
                (<code>{templateCn}</code>)
              </>
            ) : null}
            ; an admin, {csr.createdByLabel}, accepted it.
          </p>
          <p className="mt-1">
            Reason: {csr.cnOverrideReason ?? "none recorded (made before reasons were required)"}
          </p>
        </div>
      )}
      {warnings.length > 0 && (
        <div data-testid="csr-warnings">
          <ViolationList title="Accepted, with warnings:" problems={warnings} tone="amber" />
        </div>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Subject">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            {SUBJECT_LABELS.map(([key, label]) => (
              <div key={key} className="contents">
                <dt className="text-slate-600 dark:text-slate-400">
                  {label} ({key})
                </dt>
                <dd className="font-mono">{parsed.subject[key] ?? "—"}</dd>
              </div>
            ))}
            {parsed.subject.other.map((a) => (
              <div key={a.oid} className="contents">
                <dt className="text-slate-600 dark:text-slate-400">{a.name ?? a.oid}</dt>
                <dd className="font-mono">{a.value}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title="Key and signature">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-600 dark:text-slate-400">Key</dt>
            <dd>{keyLabel(csr)}</dd>
            <dt className="text-slate-600 dark:text-slate-400">Signature</dt>
            <dd>
              {parsed.signatureAlgorithm.name}{" "}
              {parsed.signatureValid ? "(verified)" : "(does not verify)"}
            </dd>
            <dt className="text-slate-600 dark:text-slate-400">Public-key SHA-256</dt>
            <dd className="break-all font-mono text-xs">{csr.publicKeySha256}</dd>
            <dt className="text-slate-600 dark:text-slate-400">Requested extensions</dt>
            <dd data-testid="requested-extensions">
              {parsed.requestedExtensions.length === 0
                ? "none"
                : parsed.requestedExtensions.map((e, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list in which a bad CSR may repeat an extension
                    <span key={`${i}:${e.oid}`} className="block font-mono text-xs">
                      {e.name ?? e.oid}
                      {e.critical ? " (critical)" : ""}
                      {e.value ? `: ${e.value}` : ""}
                    </span>
                  ))}
              {parsed.requestedExtensions.length > 0 && (
                <span className="block text-xs text-slate-600 dark:text-slate-400">
                  Thales decides what the certificate carries; these are only asked for.
                </span>
              )}
            </dd>
            <dt className="text-slate-600 dark:text-slate-400">Attributes</dt>
            <dd>
              {parsed.attributes.length === 0
                ? "none"
                : parsed.attributes.map((a) => (
                    <span key={a.oid} className="block font-mono text-xs">
                      {a.name ?? a.oid}: {a.value}
                    </span>
                  ))}
            </dd>
            <dt className="text-slate-600 dark:text-slate-400">Made</dt>
            <dd>
              {csr.origin === "browser" ? "in the browser" : "elsewhere, registered here"} by{" "}
              {csr.createdByLabel}, {utcMinute(csr.createdAt)}
            </dd>
            {csr.submittedAt && (
              <>
                <dt className="text-slate-600 dark:text-slate-400">Submitted</dt>
                <dd>
                  {isoDay(csr.submittedAt)} to {csr.submittedTo}
                  {csr.submissionRef ? ` (ref. ${csr.submissionRef})` : ""}
                </dd>
              </>
            )}
            {csr.cancelReason && (
              <>
                <dt className="text-slate-600 dark:text-slate-400">Cancelled</dt>
                <dd>{csr.cancelReason}</dd>
              </>
            )}
          </dl>
        </Card>
      </div>
      <Card title="PEM" actions={<DownloadPemButton filename={filename} pem={csr.pem} />}>
        <pre
          className="max-h-64 overflow-auto rounded-md bg-slate-100 p-3 text-xs dark:bg-slate-800"
          data-testid="csr-pem"
        >
          {csr.pem}
        </pre>
        <p className="mt-4 mb-2 text-sm">
          Verify it yourself with OpenSSL (checks the signature and shows the subject):
        </p>
        <CopyCommand
          label="OpenSSL verification command"
          command={`openssl req -in ${filename} -noout -verify -subject -nameopt RFC2253`}
        />
      </Card>
      {canWrite && (csr.status === "generated" || csr.status === "submitted") && (
        <Card title="Workflow">
          <div className="space-y-4">
            {csr.status === "generated" && <SubmitCsrForm csrId={csr.id} />}
            <CancelCsrForm csrId={csr.id} />
            {csr.status === "submitted" && (
              <p className="text-sm text-slate-600 dark:text-slate-400">
                It becomes fulfilled when the matching certificate is imported.
              </p>
            )}
          </div>
        </Card>
      )}
    </div>
  );
}
