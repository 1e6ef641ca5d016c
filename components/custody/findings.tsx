import Link from "next/link";
import type { DeliverableFinding } from "@/lib/finding/deliverable";

/** Custody findings, most severe first, each linking to where it is dealt with. */
export function CustodyFindings({ findings }: { findings: DeliverableFinding[] }) {
  if (findings.length === 0)
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No custody finding: custodians are named and active, and no installation is left on a
        retired certificate.
      </p>
    );
  const sorted = [...findings].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === "critical" ? -1 : 1,
  );
  return (
    <ul className="space-y-2" aria-label="Custody findings">
      {sorted.map((f) => (
        <li
          key={f.key}
          className={`rounded-md border p-3 text-sm ${f.severity === "critical" ? "border-red-400 bg-red-50 dark:border-red-800 dark:bg-red-950" : "border-amber-400 bg-amber-50 dark:border-amber-800 dark:bg-amber-950"}`}
          data-finding={f.key.split(":")[0]}
        >
          <span className="mr-2 font-semibold uppercase">{f.severity}</span>
          <strong>{f.title}.</strong> {f.detail}{" "}
          <Link href={f.link} className="underline">
            Deal with it
          </Link>
        </li>
      ))}
    </ul>
  );
}
