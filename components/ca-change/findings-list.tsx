import Link from "next/link";
import type { Finding } from "@/lib/ca-change/findings";

/** Reconciliation findings, most severe first, each linking to where it is fixed. */
export function FindingsList({ findings, basePath }: { findings: Finding[]; basePath: string }) {
  if (findings.length === 0)
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No finding: the Thales Client CA store agrees with the recorded changes.
      </p>
    );
  const sorted = [...findings].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === "critical" ? -1 : 1,
  );
  return (
    <ul className="space-y-2" aria-label="Findings">
      {sorted.map((f) => (
        <li
          key={f.key}
          className={`rounded-md border p-3 text-sm ${f.severity === "critical" ? "border-red-400 bg-red-50 dark:border-red-800 dark:bg-red-950" : "border-amber-400 bg-amber-50 dark:border-amber-800 dark:bg-amber-950"}`}
          data-finding={f.code}
        >
          <span className="mr-2 font-semibold uppercase">{f.severity}</span>
          {f.message}{" "}
          <Link href={`${basePath}/${f.section}`} className="underline">
            Fix it
          </Link>
        </li>
      ))}
    </ul>
  );
}
