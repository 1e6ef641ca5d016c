import type { CertificateCheck } from "@/lib/policy";

const ICON = { pass: "✓", warn: "!", fail: "✗", unverified: "?", note: "i" } as const;
const TONE = {
  pass: "text-green-800 dark:text-green-300",
  warn: "text-amber-800 dark:text-amber-300",
  fail: "text-red-800 dark:text-red-300",
  unverified: "text-amber-800 dark:text-amber-300",
  note: "text-slate-600 dark:text-slate-400",
} as const;

export function CheckList({ checks }: { checks: CertificateCheck[] }) {
  return (
    <ul className="space-y-2 text-sm" aria-label="Checks">
      {checks.map((check) => (
        <li key={check.code} className="flex gap-2" data-status={check.status}>
          <span className={`w-4 shrink-0 font-bold ${TONE[check.status]}`} aria-hidden>
            {ICON[check.status]}
          </span>
          <span>
            <span className="sr-only">{check.status}: </span>
            {check.message}{" "}
            <code className="text-xs text-slate-600 dark:text-slate-400">
              {check.code}
              {check.reason ? ` · ${check.reason}` : ""}
            </code>
          </span>
        </li>
      ))}
    </ul>
  );
}
