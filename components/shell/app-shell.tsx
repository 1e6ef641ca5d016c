import Link from "next/link";
import type { CurrentUser } from "@/lib/auth/session";
import { SideNav, type NavGateway } from "./side-nav";
import { UserMenu } from "./user-menu";
import { Bell } from "@/components/reminder/bell";

export function AppShell({ user, gateways, unread, children }: { user: CurrentUser; gateways: NavGateway[]; unread: number; children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2 focus:text-slate-900">
        Skip to content
      </a>
      <header className="flex items-center justify-between gap-4 border-b border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
        <Link href="/" className="font-semibold tracking-tight">
          D1 mTLS dashboard
        </Link>
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
  );
}
