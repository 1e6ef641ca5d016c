import { requireUser } from "@/lib/auth/session";
import {
  CERTIFICATE_SORTS,
  CERTIFICATE_STATE_FILTERS,
  inventoryPageData,
  type CertificateSort,
  type CertificateStateFilter,
} from "@/lib/certificate/data";
import { certificateState, daysLeft } from "@/lib/renewal/dates";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Pager } from "@/components/ui/pager";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { CertificateStateBadge, ComplianceBadge } from "@/components/certificate/state-badge";
import { environmentPath } from "@/components/shell/nav-sections";
import { exportHref, exportLinkClass } from "@/lib/export/links";
import { verdictOf } from "@/lib/certificate/dto";
import { isoDay } from "@/lib/dates";

export const metadata = { title: "All certificates" };

/** Every client certificate, soonest expiry first; filters live in the URL so a view can be shared. */
export default async function AllCertificatesPage({
  searchParams,
}: {
  searchParams: Promise<{
    env?: string;
    within?: string;
    state?: string;
    sort?: string;
    page?: string;
  }>;
}) {
  await requireUser();
  const query = await searchParams;
  const env = query.env === "PPR" || query.env === "PRD" ? query.env : undefined;
  const within = query.within && /^\d{1,5}$/.test(query.within) ? Number(query.within) : undefined;
  const page = Math.max(1, Number(query.page) || 1);
  const state = (CERTIFICATE_STATE_FILTERS as readonly string[]).includes(query.state ?? "")
    ? (query.state as CertificateStateFilter)
    : undefined;
  const sort: CertificateSort =
    query.sort && query.sort in CERTIFICATE_SORTS ? (query.sort as CertificateSort) : "notAfter";
  const { rows, total, pages } = await inventoryPageData(
    env,
    { expiringWithinDays: within, state },
    page,
    sort,
  );
  const now = new Date();
  const link = (p: number) =>
    `/certificates?${new URLSearchParams({ ...(env ? { env } : {}), ...(within != null ? { within: String(within) } : {}), ...(state ? { state } : {}), ...(sort !== "notAfter" ? { sort } : {}), page: String(p) })}`;
  return (
    <>
      <PageHeader
        title="All certificates"
        description={`${total} client certificate${total === 1 ? "" : "s"}${state ? ` in state ${state}` : ""} across every gateway, sorted by ${CERTIFICATE_SORTS[sort].toLowerCase()}.`}
        actions={
          <fieldset className="flex gap-1" aria-label="Export these certificates">
            <a
              href={exportHref("certificates", "csv", { env, expiringWithinDays: within, state })}
              download
              className={exportLinkClass}
            >
              Export CSV
            </a>
            <a
              href={exportHref("certificates", "json", { env, expiringWithinDays: within, state })}
              download
              className={exportLinkClass}
            >
              Export JSON
            </a>
          </fieldset>
        }
      />
      <search aria-label="Filter certificates" className="mb-4">
        <form method="get" className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="filter-env" className="block text-sm font-medium">
              Environment
            </label>
            <select id="filter-env" name="env" defaultValue={env ?? ""} className={inputClass}>
              <option value="">PPR and PRD</option>
              <option value="PPR">PPR</option>
              <option value="PRD">PRD</option>
            </select>
          </div>
          <div>
            <label htmlFor="filter-within" className="block text-sm font-medium">
              Expiring within (days)
            </label>
            <input
              id="filter-within"
              name="within"
              type="number"
              min={0}
              defaultValue={within ?? ""}
              className={inputClass}
            />
          </div>
          <div>
            <label htmlFor="filter-state" className="block text-sm font-medium">
              State
            </label>
            <select
              id="filter-state"
              name="state"
              defaultValue={state ?? ""}
              className={inputClass}
            >
              <option value="">Any state</option>
              {CERTIFICATE_STATE_FILTERS.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-sort" className="block text-sm font-medium">
              Sort by
            </label>
            <select id="filter-sort" name="sort" defaultValue={sort} className={inputClass}>
              {Object.entries(CERTIFICATE_SORTS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className={buttonClass("secondary")}>
            Filter
          </button>
        </form>
      </search>
      {rows.length === 0 ? (
        <EmptyState title="No certificate matches">
          Import certificates in each environment&apos;s Certificates section.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
            <caption className="sr-only">
              Certificates, sorted by {CERTIFICATE_SORTS[sort].toLowerCase()}
            </caption>
            <thead className="bg-slate-100 text-left dark:bg-slate-900">
              <tr>
                {["State", "Gateway", "Env", "Common Name", "Serial", "Not after", "Days left"].map(
                  (h) => (
                    <th key={h} scope="col" className="px-3 py-2">
                      {h}
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 bg-white dark:divide-slate-800 dark:bg-slate-950">
              {/* Plain links: a client <Link> per row adds a client component to render and hydrate for each of them. */}
              {rows.map((cert) => (
                <tr key={cert.id}>
                  <td className="space-x-1 whitespace-nowrap px-3 py-2">
                    <CertificateStateBadge state={certificateState(cert, now)} />
                    {!cert.compliant && <ComplianceBadge verdict={verdictOf(cert).verdict} />}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">
                    {cert.environment.gateway.merchantGatewayId}
                  </td>
                  <td className="px-3 py-2">{cert.environment.code}</td>
                  <td className="px-3 py-2 font-mono">
                    <a
                      className="text-blue-700 hover:underline dark:text-blue-300"
                      href={`${environmentPath(cert.environment.gateway.merchantGatewayId, cert.environment.code, "certificates")}/${cert.id}`}
                    >
                      {cert.commonName || "(no CN)"}
                    </a>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{cert.serialNumber.slice(0, 16)}</td>
                  <td className="whitespace-nowrap px-3 py-2">{isoDay(cert.notAfter)}</td>
                  <td className="px-3 py-2 text-right">{daysLeft(cert.notAfter, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} pages={pages} href={link} />
    </>
  );
}
