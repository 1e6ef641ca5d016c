import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import {
  searchQuerySchema,
  SEARCH_TYPES,
  type SearchResults,
  type SearchType,
} from "@/lib/search/search";
import { searchPageData } from "@/lib/search/data";
import { certificateState } from "@/lib/renewal/dates";
import { slugOf, TRUST_STORE_KINDS } from "@/lib/trust-store/kinds";
import { environmentPath } from "@/components/shell/nav-sections";
import { CertificateStateBadge } from "@/components/certificate/state-badge";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Pager } from "@/components/ui/pager";
import { typedPages } from "@/lib/search/pages";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { isoDay } from "@/lib/dates";

export const metadata = { title: "Search" };

const LABELS: Record<SearchType, string> = {
  certificates: "Certificates",
  csrs: "CSRs",
  "trust-entries": "Trust-store entries",
  gateways: "Gateways",
};

/** Global search: the query and filters live in the URL, so a search can be shared. */
export default async function SearchPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await requireUser();
  const raw = await searchParams;
  const parsed = raw.q ? searchQuerySchema.safeParse(raw) : null;
  const results = parsed?.success ? await searchPageData(parsed.data) : null;
  const query = parsed?.success ? parsed.data : null;
  // The box is marked only for its own mistakes: a bad page, type or environment in the URL is
  // said in the same alert, without pointing at the text the user typed.
  const badQ = parsed?.error?.issues.some((i) => i.path[0] === "q") ?? false;
  const href = (over: Record<string, string | undefined>) => {
    const params = new URLSearchParams(
      Object.entries({ q: raw.q, type: raw.type, env: raw.env, ...over }).filter(
        (e): e is [string, string] => !!e[1],
      ),
    );
    return `/search?${params}`;
  };
  return (
    <>
      <PageHeader
        title="Search"
        description="Common Name, serial, SHA-256 fingerprint or merchantGatewayId, across every gateway."
      />
      <search aria-label="Search the inventory" className="mb-4">
        <form method="get" className="flex flex-wrap items-end gap-3">
          <div className="min-w-64 flex-1">
            <label htmlFor="search-q" className="block text-sm font-medium">
              Search for
            </label>
            <input
              id="search-q"
              name="q"
              type="search"
              defaultValue={raw.q ?? ""}
              className={inputClass}
              placeholder="TLSMA-ECDSA/MGW_…, a serial, a fingerprint…"
              aria-invalid={badQ ? true : undefined}
              aria-describedby={badQ ? "search-error" : undefined}
            />
          </div>
          <div>
            <label htmlFor="search-type" className="block text-sm font-medium">
              In
            </label>
            <select
              id="search-type"
              name="type"
              defaultValue={raw.type ?? ""}
              className={inputClass}
            >
              <option value="">Everything</option>
              {SEARCH_TYPES.map((t) => (
                <option key={t} value={t}>
                  {LABELS[t]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="search-env" className="block text-sm font-medium">
              Environment
            </label>
            <select id="search-env" name="env" defaultValue={raw.env ?? ""} className={inputClass}>
              <option value="">PPR and PRD</option>
              <option value="PPR">PPR</option>
              <option value="PRD">PRD</option>
            </select>
          </div>
          <button type="submit" className={buttonClass("primary")}>
            Search
          </button>
        </form>
      </search>
      {parsed && !parsed.success && (
        <p id="search-error" role="alert" className="mb-4 text-sm text-red-700 dark:text-red-400">
          {parsed.error.issues.map((i) => i.message).join(" ")}
        </p>
      )}
      {!raw.q && (
        <EmptyState title="Search the inventory">
          Paste a Common Name, a certificate serial, a SHA-256 fingerprint or a merchantGatewayId.
        </EmptyState>
      )}
      {results && query && (
        <Results results={results} type={query.type} page={query.page} href={href} />
      )}
    </>
  );
}

function Results({
  results,
  type,
  page,
  href,
}: {
  results: SearchResults;
  type?: SearchType;
  page: number;
  href: (over: Record<string, string | undefined>) => string;
}) {
  const total = SEARCH_TYPES.reduce((n, t) => n + results[t].total, 0);
  if (total === 0)
    return (
      <EmptyState title="Nothing found">
        No certificate, CSR, trust-store entry or gateway matches. Fingerprints and serials match
        from their start.
      </EmptyState>
    );
  const now = new Date();
  const shown = SEARCH_TYPES.filter((t) => (type ? t === type : results[t].total > 0));
  // Without a type each kind is counted up to a cap: "100+" then, and the exact count on its own list.
  const count = (t: SearchType) => `${results[t].total}${results[t].exact ? "" : "+"}`;
  const anyCapped = SEARCH_TYPES.some((t) => !results[t].exact);
  return (
    <div className="space-y-4">
      <p className="text-sm" role="status">
        {total}
        {anyCapped ? "+" : ""} result{total === 1 ? "" : "s"}:{" "}
        {SEARCH_TYPES.filter((t) => results[t].total > 0)
          .map((t) => `${count(t)} ${LABELS[t].toLowerCase()}`)
          .join(", ")}
        .
      </p>
      {shown.map((t) => (
        <Card
          key={t}
          title={`${LABELS[t]} (${count(t)})`}
          actions={
            !type && results[t].total > results[t].rows.length ? (
              <Link
                prefetch={false}
                className="text-sm text-blue-700 underline dark:text-blue-300"
                href={href({ type: t, page: undefined })}
              >
                {results[t].exact ? `Show all ${results[t].total}` : "Show all"}
              </Link>
            ) : undefined
          }
        >
          {type && page > 1 && results[t].rows.length === 0 && (
            <p className="py-2 text-sm">
              The list ends before page {page}.{" "}
              <Link
                prefetch={false}
                className="text-blue-700 underline dark:text-blue-300"
                href={href({ page: undefined })}
              >
                Back to page 1
              </Link>
            </p>
          )}
          <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800">
            {t === "certificates" &&
              results.certificates.rows.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center gap-2 py-2">
                  <CertificateStateBadge state={certificateState(c, now)} />
                  <Link
                    prefetch={false}
                    className="font-mono text-blue-700 hover:underline dark:text-blue-300"
                    href={`${environmentPath(c.environment.gateway.merchantGatewayId, c.environment.code, "certificates")}/${c.id}`}
                  >
                    {c.commonName || "(no CN)"}
                  </Link>
                  <span className="text-slate-600 dark:text-slate-400">
                    {c.environment.gateway.merchantGatewayId} {c.environment.code} · serial{" "}
                    {c.serialNumber.slice(0, 16)} · until {isoDay(c.notAfter)}
                  </span>
                </li>
              ))}
            {t === "csrs" &&
              results.csrs.rows.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center gap-2 py-2">
                  <Badge>{c.status}</Badge>
                  <Link
                    prefetch={false}
                    className="font-mono text-blue-700 hover:underline dark:text-blue-300"
                    href={`${environmentPath(c.environment.gateway.merchantGatewayId, c.environment.code, "csrs")}/${c.id}`}
                  >
                    {c.commonName}
                  </Link>
                  <span className="text-slate-600 dark:text-slate-400">
                    {c.environment.gateway.merchantGatewayId} {c.environment.code} · key{" "}
                    {c.publicKeySha256.slice(0, 16)}…
                  </span>
                </li>
              ))}
            {t === "trust-entries" &&
              results["trust-entries"].rows.map((e) => (
                <li key={e.id} className="flex flex-wrap items-center gap-2 py-2">
                  <Badge tone="blue">{TRUST_STORE_KINDS[slugOf(e.kind)].title}</Badge>
                  <Link
                    prefetch={false}
                    className="text-blue-700 hover:underline dark:text-blue-300"
                    href={`${environmentPath(e.environment.gateway.merchantGatewayId, e.environment.code, "trust-stores")}#${slugOf(e.kind)}`}
                  >
                    {e.subjectDn}
                  </Link>
                  <span className="text-slate-600 dark:text-slate-400">
                    {e.environment.gateway.merchantGatewayId} {e.environment.code} · SHA-256{" "}
                    {e.sha256.slice(0, 16)}…
                  </span>
                </li>
              ))}
            {t === "gateways" &&
              results.gateways.rows.map((g) => (
                <li key={g.id} className="py-2">
                  <Link
                    prefetch={false}
                    className="font-mono text-blue-700 hover:underline dark:text-blue-300"
                    href={`/gateways/${encodeURIComponent(g.merchantGatewayId)}`}
                  >
                    {g.merchantGatewayId}
                  </Link>{" "}
                  <span>{g.name}</span>
                </li>
              ))}
          </ul>
          {type && (
            <Pager
              page={page}
              {...typedPages(results[t], page)}
              href={(p) => href({ page: String(p) })}
            />
          )}
        </Card>
      ))}
    </div>
  );
}
