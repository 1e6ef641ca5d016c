import { requireUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/actor";
import { requireEnvironment } from "@/lib/environment/data";
import { CERTIFICATE_MAX_BYTES } from "@/lib/certificate/schema";
import { TRUST_STORE_KINDS } from "@/lib/trust-store/kinds";
import { trustStoresPageData } from "@/lib/trust-store/data";
import { serverChainVerdict } from "@/lib/trust-store/server-chain";
import { parseCertificate } from "@/lib/pki";
import { daysLeft, EXPIRING_WITHIN_DAYS } from "@/lib/renewal/dates";
import { Badge, Card, EmptyState } from "@/components/ui/card";
import { AddEntriesForm } from "@/components/trust-store/add-entries-form";
import { RemoveEntryButton } from "@/components/trust-store/remove-entry-button";
import { DownloadPemButton } from "@/components/csr/pem-actions";
import { exportHref, exportLinkClass } from "@/lib/export/links";
import { environmentPath } from "@/components/shell/nav-sections";
import Link from "next/link";
import { isoDay } from "@/lib/dates";

export const metadata = { title: "Trust stores" };

export default async function TrustStoresPage({
  params,
}: {
  params: Promise<{ merchantGatewayId: string; env: string }>;
}) {
  const user = await requireUser();
  const { merchantGatewayId, env } = await params;
  const { gateway, environment } = await requireEnvironment(merchantGatewayId, env);
  const canWrite = hasRole(user.role, "operator");
  const now = new Date();
  const stores = await trustStoresPageData(environment.id);
  const serverChain = stores.find((s) => s.slug === "our-server-chain")!;
  const verdict = await serverChainVerdict(
    await Promise.all(serverChain.entries.map((e) => parseCertificate(new Uint8Array(e.der)))),
  );
  return (
    <div className="space-y-6">
      <p className="flex flex-wrap items-center justify-end gap-1 text-sm text-slate-600 dark:text-slate-400">
        Every entry of the four stores:
        <a
          href={exportHref("trust-store-entries", "csv", { environmentId: environment.id })}
          download
          className={exportLinkClass}
        >
          Export CSV
        </a>
        <a
          href={exportHref("trust-store-entries", "json", { environmentId: environment.id })}
          download
          className={exportLinkClass}
        >
          Export JSON
        </a>
      </p>
      {stores.map(({ slug, entries, pem }) => {
        const kind = TRUST_STORE_KINDS[slug];
        return (
          <Card
            key={slug}
            title={
              <span id={slug}>
                {kind.title}{" "}
                <code className="text-xs font-normal text-slate-600 dark:text-slate-400">
                  {slug}
                </code>
              </span>
            }
            actions={
              entries.length > 0 ? (
                <DownloadPemButton filename={`${environment.code}-${slug}.pem`} pem={pem} />
              ) : undefined
            }
          >
            <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">{kind.description}</p>
            {slug === "our-server-chain" && (
              <p
                role="note"
                className={`mb-4 rounded-md p-3 text-sm ${verdict.status === "mozilla" ? "bg-green-50 text-green-900 dark:bg-green-950 dark:text-green-200" : "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200"}`}
              >
                {verdict.message}
              </p>
            )}
            {entries.length === 0 ? (
              <EmptyState title="Empty" />
            ) : (
              <div className="overflow-x-auto">
                <table className="min-w-full text-sm">
                  <thead className="text-left">
                    <tr>
                      {["Subject", "Issuer", "SKI", "SHA-256", "Valid", "Days left", "CA", ""].map(
                        (h) => (
                          <th key={h} scope="col" className="px-2 py-1 font-medium">
                            {h}
                          </th>
                        ),
                      )}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                    {entries.map((e) => {
                      const left = daysLeft(e.notAfter, now);
                      return (
                        <tr key={e.id}>
                          <td className="px-2 py-1">{e.subjectDn}</td>
                          <td className="px-2 py-1 text-slate-600 dark:text-slate-400">
                            {e.selfIssued ? "self-signed" : e.issuerDn}
                          </td>
                          <td className="px-2 py-1 font-mono text-xs" title={e.subjectKeyId ?? ""}>
                            {e.subjectKeyId?.slice(0, 12) ?? "—"}
                          </td>
                          <td className="px-2 py-1 font-mono text-xs" title={e.sha256}>
                            {e.sha256.slice(0, 12)}…
                          </td>
                          <td className="whitespace-nowrap px-2 py-1">
                            {isoDay(e.notBefore)} → {isoDay(e.notAfter)}
                          </td>
                          <td className="px-2 py-1">
                            {left < 0 ? (
                              <Badge tone="red">expired</Badge>
                            ) : left <= EXPIRING_WITHIN_DAYS ? (
                              <Badge tone="amber">{left}</Badge>
                            ) : (
                              left
                            )}
                          </td>
                          <td className="px-2 py-1">{e.isCa ? "CA" : "leaf"}</td>
                          <td className="px-2 py-1 text-right">
                            {canWrite && <RemoveEntryButton entryId={e.id} subject={e.subjectDn} />}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
            {slug === "our-server-chain" && entries.length > 0 && (
              <p role="note" className="mt-4 text-sm text-slate-700 dark:text-slate-300">
                Our server chain changes through a planned change (
                <Link
                  href={environmentPath(gateway.merchantGatewayId, environment.code, "ca-changes")}
                  className="text-blue-700 underline dark:text-blue-300"
                >
                  CA changes page
                </Link>
                ): Thales must be notified before we switch. The switch replaces this store.
              </p>
            )}
            {slug === "our-server-chain" && entries.length === 0 && canWrite && (
              <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">
                Add the chain this environment starts with here. Any later change goes through a
                planned change on the{" "}
                <Link
                  href={environmentPath(gateway.merchantGatewayId, environment.code, "ca-changes")}
                  className="text-blue-700 underline dark:text-blue-300"
                >
                  CA changes page
                </Link>
                , so that Thales is notified before we switch.
              </p>
            )}
            {canWrite && !(slug === "our-server-chain" && entries.length > 0) && (
              <details className="mt-4">
                <summary className="cursor-pointer text-sm font-medium text-blue-700 dark:text-blue-300">
                  Add certificates to {kind.title}
                </summary>
                <div className="mt-3">
                  <AddEntriesForm
                    environmentId={environment.id}
                    slug={slug}
                    maxBytes={CERTIFICATE_MAX_BYTES}
                  />
                </div>
              </details>
            )}
          </Card>
        );
      })}
    </div>
  );
}
