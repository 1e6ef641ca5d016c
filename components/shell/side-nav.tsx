"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { environmentPath } from "./nav-sections";

export type NavGateway = { merchantGatewayId: string; name: string };

const linkClass = (active: boolean) =>
  `block rounded px-2 py-1.5 text-sm ${active ? "bg-blue-50 font-medium text-blue-900 dark:bg-blue-950 dark:text-blue-100" : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"}`;

export function SideNav({ gateways, isAdmin }: { gateways: NavGateway[]; isAdmin: boolean }) {
  const path = usePathname();
  return (
    <nav
      aria-label="Main"
      className="border-b border-slate-200 bg-white px-3 py-4 md:w-64 md:shrink-0 md:border-b-0 md:border-r dark:border-slate-800 dark:bg-slate-900"
    >
      <ul className="space-y-1">
        <li>
          <Link
            href="/"
            className={linkClass(path === "/")}
            aria-current={path === "/" ? "page" : undefined}
          >
            Overview
          </Link>
        </li>
        <li>
          <Link
            href="/gateways"
            className={linkClass(path === "/gateways")}
            aria-current={path === "/gateways" ? "page" : undefined}
          >
            Gateways
          </Link>
        </li>
      </ul>
      <h2 className="mt-5 px-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
        Environments
      </h2>
      {gateways.length === 0 ? (
        <p className="px-2 py-1 text-sm text-slate-600 dark:text-slate-400">No gateway yet.</p>
      ) : (
        <ul className="mt-1 space-y-2">
          {gateways.map((g) => (
            <li key={g.merchantGatewayId}>
              <Link
                href={`/gateways/${encodeURIComponent(g.merchantGatewayId)}`}
                className={linkClass(path === `/gateways/${g.merchantGatewayId}`)}
              >
                <span className="font-mono text-xs">{g.merchantGatewayId}</span>{" "}
                <span className="text-slate-600 dark:text-slate-400">{g.name}</span>
              </Link>
              <ul className="ml-3 flex gap-1">
                {(["PPR", "PRD"] as const).map((env) => {
                  const href = environmentPath(g.merchantGatewayId, env);
                  const active = path.startsWith(href);
                  return (
                    <li key={env}>
                      <Link
                        href={href}
                        className={linkClass(active)}
                        aria-current={active ? "page" : undefined}
                      >
                        {env}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ul>
      )}
      <h2 className="mt-5 px-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
        Records
      </h2>
      <ul className="mt-1 space-y-1">
        <li>
          <Link href="/certificates" className={linkClass(path === "/certificates")}>
            All certificates
          </Link>
        </li>
        <li>
          <Link
            href="/search"
            className={linkClass(path === "/search")}
            aria-current={path === "/search" ? "page" : undefined}
          >
            Search
          </Link>
        </li>
        <li>
          <Link href="/audit" className={linkClass(path === "/audit")}>
            Audit trail
          </Link>
        </li>
        <li>
          <Link href="/calendar" className={linkClass(path === "/calendar")}>
            Calendar feed
          </Link>
        </li>
        <li>
          <Link
            href="/reports"
            className={linkClass(path === "/reports")}
            aria-current={path === "/reports" ? "page" : undefined}
          >
            Reports
          </Link>
        </li>
        {isAdmin && (
          <>
            <li>
              <Link href="/admin/users" className={linkClass(path === "/admin/users")}>
                Users
              </Link>
            </li>
            <li>
              <Link href="/admin/tokens" className={linkClass(path === "/admin/tokens")}>
                API tokens
              </Link>
            </li>
          </>
        )}
      </ul>
    </nav>
  );
}
