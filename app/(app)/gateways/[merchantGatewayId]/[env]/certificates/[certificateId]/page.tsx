import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/actor";
import { requireEnvironment } from "@/lib/environment/data";
import { certificatePageData } from "@/lib/certificate/data";
import { revokeCertificateAction } from "@/lib/certificate/actions";
import { parseCertificateBundle, toPem } from "@/lib/pki";
import { certificateVerdict, type CertificateCheck } from "@/lib/policy";
import { certificateState, daysLeft, effectiveLeadDays } from "@/lib/renewal/dates";
import { startRenewalAction } from "@/lib/renewal/actions";
import { Lifecycle } from "@/components/renewal/lifecycle";
import { ReminderControls } from "@/components/reminder/reminder-controls";
import { describeOutlook, reminderOutlook } from "@/lib/reminder/outlook";
import type { ReminderSubject } from "@/lib/reminder/subjects";
import { Card } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { ReasonConfirmForm } from "@/components/ui/reason-confirm-form";
import { CheckList } from "@/components/certificate/check-list";
import { CertificateDownloads } from "@/components/certificate/download-buttons";
import { CertificateStateBadge } from "@/components/certificate/state-badge";
import { UnverifiedAction, VerdictBadges } from "@/components/certificate/verdict";
import { keyLabel } from "@/components/csr/status-badge";
import { fileStem } from "@/components/csr/download";
import { environmentPath } from "@/components/shell/nav-sections";
import { Installations } from "@/components/installation/installations";
import { isoDay, utcMinute } from "@/lib/dates";

export const metadata = { title: "Certificate" };

export default async function CertificatePage({
  params,
}: {
  params: Promise<{ merchantGatewayId: string; env: string; certificateId: string }>;
}) {
  const user = await requireUser();
  const { merchantGatewayId, env, certificateId } = await params;
  const { gateway, environment } = await requireEnvironment(merchantGatewayId, env);
  const found = await certificatePageData(environment.id, certificateId);
  if (!found) notFound();
  const { cert, openRenewal, states, deployedAt, installations } = found;
  const outlookOf = (subject: ReminderSubject) =>
    describeOutlook(
      reminderOutlook({
        subject,
        notAfter: cert.notAfter,
        leadDays: effectiveLeadDays(environment, gateway),
        thresholds: gateway.reminderThresholds,
        revokedAt: cert.revokedAt,
        supersededById: cert.supersededById,
        successorDeployedAt: deployedAt,
        state: states.find((r) => r.subject === subject) ?? null,
      }),
    );
  const remindersStopped = deployedAt !== null;
  const renewalsPath = environmentPath(gateway.merchantGatewayId, environment.code, "renewals");
  const now = new Date();
  const state = certificateState(cert, now);
  const der = new Uint8Array(cert.der);
  const pem = toPem("CERTIFICATE", der);
  const chain = cert.chainPem ? (await parseCertificateBundle(cert.chainPem)).certificates : [];
  const base = environmentPath(gateway.merchantGatewayId, environment.code, "certificates");
  const canWrite = hasRole(user.role, "operator");
  const checks = (Array.isArray(cert.checks) ? cert.checks : []) as unknown as CertificateCheck[];
  // The stored flag decides; the checks say why (unverified: only trust is missing).
  const verdict = cert.compliant
    ? "compliant"
    : certificateVerdict(checks) === "unverified"
      ? "unverified"
      : "non_compliant";
  const adopted = cert.csrId === null && checks.some((c) => c.reason === "csr.adopted");
  const rows: [string, React.ReactNode][] = [
    ["Subject", cert.subjectDn],
    ["Issuer", cert.issuerDn],
    [
      "Serial",
      <span key="s" className="break-all font-mono text-xs">
        {cert.serialNumber}
      </span>,
    ],
    ["Key", keyLabel(cert)],
    ["Signature", cert.signatureAlgorithm],
    ["Not before", utcMinute(cert.notBefore)],
    ["Not after", `${utcMinute(cert.notAfter)} (${daysLeft(cert.notAfter, now)} days left)`],
    [
      "SHA-256",
      <span key="f" className="break-all font-mono text-xs">
        {cert.sha256}
      </span>,
    ],
    [
      "Public-key SHA-256",
      <span key="p" className="break-all font-mono text-xs">
        {cert.publicKeySha256}
      </span>,
    ],
    [
      "CSR",
      cert.csr ? (
        <Link
          key="c"
          href={`${environmentPath(gateway.merchantGatewayId, environment.code, "csrs")}/${cert.csr.id}`}
          className="text-blue-700 underline dark:text-blue-300"
        >
          {cert.csr.commonName} ({cert.csr.status})
        </Link>
      ) : adopted ? (
        "None on record: adopted, checked on its own"
      ) : (
        "No CSR of this environment has this key"
      ),
    ],
    ["Imported", `by ${cert.createdByLabel}, ${utcMinute(cert.createdAt)}`],
  ];
  if (cert.revokedAt) rows.push(["Revoked", `${isoDay(cert.revokedAt)}: ${cert.revokedReason}`]);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="font-mono text-lg font-semibold">{cert.commonName || cert.subjectDn}</h2>
        <CertificateStateBadge state={state} />
        <VerdictBadges verdict={verdict} adopted={adopted} />
      </div>
      {verdict === "unverified" && (
        <UnverifiedAction
          trustStoresPath={environmentPath(
            gateway.merchantGatewayId,
            environment.code,
            "trust-stores",
          )}
        />
      )}
      {state !== "revoked" && state !== "superseded" && (
        <Card title="Renewal">
          <Lifecycle
            notAfter={cert.notAfter}
            leadDays={effectiveLeadDays(environment, gateway)}
            now={now}
          />
          {canWrite &&
            (openRenewal ? (
              <Link
                href={`${renewalsPath}/${openRenewal.id}`}
                className={buttonClass("primary", "mt-3")}
              >
                Continue the renewal
              </Link>
            ) : (
              <form action={startRenewalAction.bind(null, cert.id)} className="mt-3">
                <button type="submit" className={buttonClass("primary")}>
                  Start renewal
                </button>
              </form>
            ))}
          <div className="mt-4 grid gap-3 lg:grid-cols-2">
            {(["start-renewal-by", "expiry"] as const).map((subject) => {
              const settled =
                remindersStopped || states.some((r) => r.subject === subject && r.acknowledgedAt);
              return (
                <ReminderControls
                  key={subject}
                  certificateId={cert.id}
                  subject={subject}
                  label={subject === "expiry" ? "the expiry" : "the start-renewal-by date"}
                  outlook={outlookOf(subject)}
                  canAct={canWrite && !settled}
                />
              );
            })}
          </div>
        </Card>
      )}
      <Card title={`Installations (${installations.rows.length})`}>
        <Installations
          rows={installations.rows}
          environmentId={environment.id}
          of={{ certificateId: cert.id }}
          canWrite={canWrite && state !== "revoked"}
          users={installations.users}
          emptyText="No installation recorded: record where this certificate is deployed (system, keystore, HSM label…) so that its renewal can follow it."
        />
      </Card>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Certificate">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            {rows.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-slate-600 dark:text-slate-400">{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title="Checks (the chain judged again whenever client-cert-issuers changes)">
          <CheckList checks={checks} />
        </Card>
      </div>
      <Card
        title={`Chain (${chain.length} CA certificate${chain.length === 1 ? "" : "s"} from the bundle)`}
      >
        {chain.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            The import held only the certificate.
          </p>
        ) : (
          <ol className="list-decimal space-y-1 pl-5 text-sm">
            {chain.map((c) => (
              <li key={c.sha256}>
                {c.subjectDn}{" "}
                <span className="text-slate-600 dark:text-slate-400">
                  issued by {c.issuerDn}, until {isoDay(c.notAfter)}
                </span>
              </li>
            ))}
          </ol>
        )}
      </Card>
      <Card title="Files">
        <CertificateDownloads
          stem={fileStem(cert.commonName || cert.serialNumber)}
          pem={pem}
          derBase64={Buffer.from(der).toString("base64")}
          chainPem={cert.chainPem}
        />
        {canWrite && state !== "revoked" && (
          <Link href={`${base}/${cert.id}/assemble`} className={buttonClass("primary", "mt-4")}>
            Assemble for deployment (.p12 or PEM)…
          </Link>
        )}
      </Card>
      {canWrite && !cert.revokedAt && (
        <Card title="Revoke">
          <ReasonConfirmForm
            action={revokeCertificateAction.bind(null, cert.id)}
            openLabel="Mark as revoked…"
            confirmLabel="Confirm: mark revoked"
            explanation="Record that Thales revoked this certificate (or that its key is compromised). It stays in the inventory, marked revoked."
          />
        </Card>
      )}
    </div>
  );
}
