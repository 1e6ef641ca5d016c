import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/actor";
import { requireEnvironment } from "@/lib/environment/data";
import { csrsPageData } from "@/lib/csr/data";
import { EmptyState } from "@/components/ui/card";
import { Pager } from "@/components/ui/pager";
import { buttonClass } from "@/components/ui/button";
import { CsrStatusBadge, keyLabel } from "@/components/csr/status-badge";
import { environmentPath } from "@/components/shell/nav-sections";
import { exportHref, exportLinkClass } from "@/lib/export/links";

export const metadata = { title: "CSRs" };

export default async function CsrListPage({
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
  const { rows, total, pages } = await csrsPageData(environment.id, page);
  const base = environmentPath(gateway.merchantGatewayId, environment.code, "csrs");
  const canWrite = hasRole(user.role, "operator");
  return (
    <section aria-labelledby="csrs-title">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h2 id="csrs-title" className="text-lg font-semibold">
          CSRs{" "}
          <span className="text-sm font-normal text-slate-600 dark:text-slate-400">({total})</span>
        </h2>
        <div className="flex gap-1">
          <a
            href={exportHref("csrs", "csv", { environmentId: environment.id })}
            download
            className={exportLinkClass}
          >
            Export CSV
          </a>
          <a
            href={exportHref("csrs", "json", { environmentId: environment.id })}
            download
            className={exportLinkClass}
          >
            Export JSON
          </a>
        </div>
        {canWrite && (
          <div className="flex gap-2">
            <Link href={`${base}/register`} className={buttonClass("secondary")}>
              Register an existing CSR
            </Link>
            <Link href={`${base}/new`} className={buttonClass("primary")}>
              New CSR
            </Link>
          </div>
        )}
      </div>
      {rows.length === 0 ? (
        <EmptyState title="No CSR for this environment yet">
          {canWrite
            ? "Generate one in your browser with “New CSR”: the private key never leaves your machine."
            : "An operator can generate one."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
            <caption className="sr-only">CSRs of {environment.code}, newest first</caption>
            <thead className="bg-slate-100 text-left dark:bg-slate-900">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Status
                </th>
                <th scope="col" className="px-3 py-2">
                  Common Name
                </th>
                <th scope="col" className="px-3 py-2">
                  Key
                </th>
                <th scope="col" className="px-3 py-2">
                  Created by
                </th>
                <th scope="col" className="px-3 py-2">
                  Created (UTC)
                </th>
                <th scope="col" className="px-3 py-2">
                  Public-key SHA-256
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 bg-white dark:divide-slate-800 dark:bg-slate-950">
              {rows.map((csr) => (
                <tr key={csr.id}>
                  <td className="px-3 py-2">
                    <CsrStatusBadge status={csr.status} />
                  </td>
                  <td className="px-3 py-2 font-mono">
                    <Link
                      href={`${base}/${csr.id}`}
                      className="text-blue-700 hover:underline dark:text-blue-300"
                    >
                      {csr.commonName}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{keyLabel(csr)}</td>
                  <td className="px-3 py-2">{csr.createdByLabel}</td>
                  <td className="whitespace-nowrap px-3 py-2">
                    {csr.createdAt.toISOString().replace("T", " ").slice(0, 16)}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs" title={csr.publicKeySha256}>
                    {csr.publicKeySha256.slice(0, 16)}…
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        page={page}
        pages={pages}
        href={(p) => `${base}?page=${p}`}
        previous="← Newer"
        next="Older →"
      />
    </section>
  );
}
