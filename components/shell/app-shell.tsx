import Link from "next/link";
import type { CurrentUser } from "@/lib/auth/session";
import { SideNav, type NavGateway } from "./side-nav";
import { UserMenu } from "./user-menu";
import { Bell } from "@/components/reminder/bell";
import { ToastProvider } from "@/components/ui/toast";

export function AppShell({
  user,
  gateways,
  unread,
  children,
}: {
  user: CurrentUser;
  gateways: NavGateway[];
  unread: number;
  children: React.ReactNode;
}) {
  return (
    <ToastProvider>
      <div className="flex min-h-screen flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2 focus:text-slate-900"
        >
          Skip to content
        </a>
        <header className="flex items-center justify-between gap-4 border-b border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
          <Link href="/" className="font-semibold tracking-tight">
            D1 mTLS dashboard
          </Link>
          <search aria-label="Search the inventory" className="hidden flex-1 sm:flex">
            <form method="get" action="/search" className="flex flex-1 justify-center">
              <label htmlFor="global-search" className="sr-only">
                Global search
              </label>
              <input
                id="global-search"
                name="q"
                type="search"
                minLength={2}
                placeholder="Search CN, serial, fingerprint, gateway…"
                className="w-full max-w-md rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-900 placeholder:text-slate-500 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:placeholder:text-slate-400"
              />
            </form>
          </search>
          <div className="flex items-center gap-2">
            <Bell unread={unread} />
            <UserMenu user={user} />
          </div>
        </header>
        <div className="flex flex-1 flex-col md:flex-row">
          <SideNav gateways={gateways} isAdmin={user.role === "admin"} />
          <main id="main" className="min-w-0 flex-1 px-4 py-6 md:px-8">
            {children}
          </main>
        </div>
      </div>
    </ToastProvider>
  );
}
