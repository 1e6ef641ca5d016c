import type { CurrentUser } from "@/lib/auth/session";
import { setTheme } from "@/lib/theme/actions";
import { SignOutButton } from "./sign-out-button";
import Link from "next/link";
import { sessionPolicy } from "@/lib/auth/sessions";
import { SessionKeepAlive } from "@/components/account/session-keep-alive";
import { CloseOnNavigate } from "./close-on-navigate";

const itemClass =
  "block w-full rounded px-3 py-2 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800";

/** A native <details> menu: keyboard and screen-reader friendly without a script. */
export function UserMenu({ user }: { user: CurrentUser }) {
  return (
    <details className="relative">
      <summary
        className="cursor-pointer list-none rounded-md px-3 py-1.5 text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
        aria-label={`Account menu for ${user.email}`}
      >
        <span className="font-medium">{user.name || user.email}</span>{" "}
        <span
          className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-800 dark:bg-slate-800 dark:text-slate-200"
          data-testid="user-role"
        >
          {user.role}
        </span>
      </summary>
      <div className="absolute right-0 z-20 mt-2 w-56 rounded-md border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-700 dark:bg-slate-900">
        <p className="truncate px-3 py-2 text-xs text-slate-600 dark:text-slate-400">
          {user.email}
        </p>
        <SessionKeepAlive everySeconds={Math.min(60, sessionPolicy().updateAgeSeconds)} />
        <CloseOnNavigate />
        <Link
          href="/account/security"
          className={`${itemClass} border-t border-slate-200 dark:border-slate-700`}
        >
          Security
        </Link>
        <form action={setTheme} className="border-t border-slate-200 pt-1 dark:border-slate-700">
          <p className="px-3 pt-1 text-xs font-semibold text-slate-600 dark:text-slate-400">
            Theme
          </p>
          {(["light", "dark", "system"] as const).map((theme) => (
            <button key={theme} type="submit" name="theme" value={theme} className={itemClass}>
              {theme[0]!.toUpperCase() + theme.slice(1)}
            </button>
          ))}
        </form>
        <div className="border-t border-slate-200 pt-1 dark:border-slate-700">
          <SignOutButton className={itemClass} />
        </div>
      </div>
    </details>
  );
}
