"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { ENVIRONMENT_SECTIONS, environmentPath } from "@/components/shell/nav-sections";

export function SectionTabs({
  merchantGatewayId,
  env,
}: {
  merchantGatewayId: string;
  env: string;
}) {
  const path = usePathname();
  return (
    <nav
      aria-label="Environment sections"
      className="mb-6 overflow-x-auto border-b border-slate-200 dark:border-slate-800"
    >
      <ul className="flex gap-1">
        {ENVIRONMENT_SECTIONS.map((section) => {
          const href = environmentPath(merchantGatewayId, env, section.slug);
          const active = section.slug ? path.startsWith(href) : path === href;
          return (
            <li key={section.slug}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={`block whitespace-nowrap border-b-2 px-3 py-2 text-sm ${active ? "border-blue-600 font-medium text-blue-900 dark:text-blue-200" : "border-transparent text-slate-700 hover:border-slate-300 dark:text-slate-300"}`}
              >
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
