import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/actor";
import { requireEnvironment } from "@/lib/environment/data";
import { environmentCertificatesPageData } from "@/lib/certificate/data";
import { certificateState, daysLeft } from "@/lib/renewal/dates";
import { EmptyState } from "@/components/ui/card";
import { Pager } from "@/components/ui/pager";
import { buttonClass } from "@/components/ui/button";
import { CertificateStateBadge, ComplianceBadge } from "@/components/certificate/state-badge";
import { keyLabel } from "@/components/csr/status-badge";
import { environmentPath } from "@/components/shell/nav-sections";
import { exportHref, exportLinkClass } from "@/lib/export/links";
import { verdictOf } from "@/lib/certificate/dto";
import { isoDay } from "@/lib/dates";

export const metadata = { title: "Certificates" };

export default async function CertificatesPage({
  params,
  searchParams,
}: {
  params: Promise<{ merchantGatewayId: string; env: string }>;
  searchParams: Promise<{ page?: string }>;
}) {
  const user = await requireUser();
  const { merchantGatewayId, env } = await params;
  const { gateway, environment } = await requireEnvironment(merchantGatewayId, env);
  const page = Math.max(1, Number((await searchParams).page) || 1);
  const { rows, total, pages } = await environmentCertificatesPageData(environment.id, page);
  const base = environmentPath(gateway.merchantGatewayId, environment.code, "certificates");
  const now = new Date();
  return (
    <section aria-labelledby="certs-title">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h2 id="certs-title" className="text-lg font-semibold">
          Client certificates{" "}
          <span className="text-sm font-normal text-slate-600 dark:text-slate-400">({total})</span>
        </h2>
        <div className="flex gap-1">
          <a
            href={exportHref("certificates", "csv", { environmentId: environment.id })}
            download
            className={exportLinkClass}
          >
            Export CSV
          </a>
          <a
            href={exportHref("certificates", "json", { environmentId: environment.id })}
            download
            className={exportLinkClass}
          >
            Export JSON
          </a>
        </div>
        {hasRole(user.role, "operator") && (
          <Link href={`${base}/import`} className={buttonClass("primary")}>
            Import a certificate
          </Link>
        )}
      </div>
      {rows.length === 0 ? (
        <EmptyState title="No certificate imported for this environment yet">
          When Thales returns the signed certificate, import it here: it is matched to its CSR and
          checked.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
            <caption className="sr-only">
              Certificates of {environment.code}, soonest expiry first
            </caption>
            <thead className="bg-slate-100 text-left dark:bg-slate-900">
              <tr>
                {[
                  "State",
                  "Common Name",
                  "Serial",
                  "Issuer",
                  "Key",
                  "Not before",
                  "Not after",
                  "Days left",
                  "SHA-256",
                  "CSR",
                ].map((h) => (
                  <th key={h} scope="col" className="whitespace-nowrap px-3 py-2">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 bg-white dark:divide-slate-800 dark:bg-slate-950">
              {rows.map((cert) => (
                <tr key={cert.id}>
                  <td className="space-x-1 whitespace-nowrap px-3 py-2">
                    <CertificateStateBadge state={certificateState(cert, now)} />
                    {!cert.compliant && <ComplianceBadge verdict={verdictOf(cert).verdict} />}
                  </td>
                  <td className="px-3 py-2 font-mono">
                    <Link
                      href={`${base}/${cert.id}`}
                      className="text-blue-700 hover:underline dark:text-blue-300"
                    >
                      {cert.commonName || "(no CN)"}
                    </Link>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">
                    {cert.serialNumber.slice(0, 16)}
                    {cert.serialNumber.length > 16 ? "…" : ""}
                  </td>
                  <td className="max-w-48 truncate px-3 py-2" title={cert.issuerDn}>
                    {cert.issuerDn}
                  </td>
                  <td className="whitespace-nowrap px-3 py-2">{keyLabel(cert)}</td>
                  <td className="whitespace-nowrap px-3 py-2">{isoDay(cert.notBefore)}</td>
                  <td className="whitespace-nowrap px-3 py-2">{isoDay(cert.notAfter)}</td>
                  <td className="px-3 py-2 text-right">{daysLeft(cert.notAfter, now)}</td>
                  <td className="px-3 py-2 font-mono text-xs" title={cert.sha256}>
                    {cert.sha256.slice(0, 12)}…
                  </td>
                  <td className="px-3 py-2">
                    {cert.csrId ? (
                      <Link
                        href={`${environmentPath(gateway.merchantGatewayId, environment.code, "csrs")}/${cert.csrId}`}
                        className="text-blue-700 hover:underline dark:text-blue-300"
                      >
                        CSR
                      </Link>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} pages={pages} href={(p) => `${base}?page=${p}`} />
    </section>
  );
}
