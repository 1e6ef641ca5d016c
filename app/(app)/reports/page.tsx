import { requireUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/actor";
import { reportsPageData } from "@/lib/review/data";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { ReviewForm } from "@/components/report/review-form";
import { isoDay } from "@/lib/dates";

export const metadata = { title: "Reports" };

/** The PCI DSS 4.2.1.1 / 12.3.3 inventory report (viewers download it) and the yearly reviews (admins record them). */
export default async function ReportsPage({
  searchParams,
}: {
  searchParams: Promise<{ environment?: string }>;
}) {
  const user = await requireUser();
  const { scopes, selected, status, reviews } = await reportsPageData(
    (await searchParams).environment ?? "",
  );
  const query = (format: string, section?: string) =>
    `/api/v1/reports/inventory?${new URLSearchParams({ format, ...(selected ? { environment: selected.id } : {}), ...(section ? { section } : {}) })}`;
  const scopeLabel = selected?.label ?? "everything";

  return (
    <>
      <PageHeader
        title="Reports"
        description="The inventory of trusted keys and certificates (PCI DSS 4.2.1.1) and the protocols and cipher suites in use (12.3.3), for an assessor. Each download is generated now and recorded in the audit trail."
      />
      <div className="space-y-6">
        <Card title="Inventory report">
          <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Report scope">
            <div className="space-y-1">
              <label htmlFor="report-scope" className="block text-sm font-medium">
                Scope
              </label>
              <select
                id="report-scope"
                name="environment"
                defaultValue={selected?.id ?? ""}
                className={inputClass}
              >
                <option value="">Everything (every gateway and environment)</option>
                {scopes.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className={buttonClass("secondary")}>
              Show
            </button>
          </form>
          <p className="mt-4 text-sm text-slate-700 dark:text-slate-300">
            Scope: <strong>{scopeLabel}</strong>. Each file names its generation time and the
            audit-chain head (sequence and hash) it reflects.
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <a href={query("pdf")} className={buttonClass("primary")} download>
              Download PDF
            </a>
            <a href={query("csv")} className={buttonClass("secondary")} download>
              CSV: keys and certificates
            </a>
            <a href={query("csv", "protocols")} className={buttonClass("secondary")} download>
              CSV: protocols and ciphers
            </a>
            <a href={query("csv", "findings")} className={buttonClass("secondary")} download>
              CSV: open findings
            </a>
            <a href={query("json")} className={buttonClass("secondary")} download>
              JSON (everything)
            </a>
          </div>
        </Card>

        <Card title="Yearly review (PCI DSS 12.3.3)">
          <div className="flex flex-wrap items-center gap-3 text-sm" data-testid="review-status">
            {status.last ? (
              <span>
                Last review of {scopeLabel}: <strong>{isoDay(status.last.reviewedOn)}</strong> by{" "}
                {status.last.reviewerLabel} (scope: {status.last.scope}). Next due{" "}
                <strong>{status.nextDue ? isoDay(status.nextDue) : "now"}</strong>.
              </span>
            ) : (
              <span>No review of {scopeLabel} was recorded.</span>
            )}
            {status.overdue ? (
              <Badge tone="red">Review overdue</Badge>
            ) : (
              <Badge tone="green">Review up to date</Badge>
            )}
          </div>
          {hasRole(user.role, "admin") ? (
            <div className="mt-5 border-t border-slate-200 pt-4 dark:border-slate-700">
              <h3 className="mb-3 text-sm font-semibold">Record a review</h3>
              <ReviewForm
                scopes={scopes}
                defaultScope={selected?.id ?? ""}
                defaultReviewer={user.name || user.email}
              />
            </div>
          ) : (
            <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
              Only an admin records a review.
            </p>
          )}
        </Card>

        <Card title="Past reviews">
          {reviews.length === 0 ? (
            <EmptyState title="No review recorded yet">
              The first review is due now: PCI DSS 12.3.3 asks for one at least every twelve months.
            </EmptyState>
          ) : (
            <div className="overflow-x-auto">
              <table className="min-w-full text-left text-sm">
                <caption className="sr-only">Past yearly reviews, newest first</caption>
                <thead className="border-b border-slate-200 text-xs uppercase text-slate-600 dark:border-slate-700 dark:text-slate-400">
                  <tr>
                    <th scope="col" className="py-2 pr-4">
                      Reviewed on
                    </th>
                    <th scope="col" className="py-2 pr-4">
                      Scope
                    </th>
                    <th scope="col" className="py-2 pr-4">
                      Reviewer
                    </th>
                    <th scope="col" className="py-2 pr-4">
                      What was reviewed
                    </th>
                    <th scope="col" className="py-2 pr-4">
                      What changed
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {reviews.map((r) => (
                    <tr
                      key={r.id}
                      className="border-b border-slate-100 align-top dark:border-slate-800"
                    >
                      <td className="whitespace-nowrap py-2 pr-4">{isoDay(r.reviewedOn)}</td>
                      <td className="py-2 pr-4">{r.scope}</td>
                      <td className="py-2 pr-4">{r.reviewerLabel}</td>
                      <td className="whitespace-pre-wrap py-2 pr-4">{r.notes}</td>
                      <td className="whitespace-pre-wrap py-2 pr-4">{r.changes || "nothing"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
