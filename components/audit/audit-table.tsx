import Link from "next/link";
import { EmptyState } from "@/components/ui/card";

export type AuditRow = {
  seq: string;
  createdAt: string;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string | null;
  summary: string;
};

export function AuditTable({ events, nextHref }: { events: AuditRow[]; nextHref: string | null }) {
  if (events.length === 0)
    return (
      <EmptyState title="No audit records match">
        Changes made here will be recorded, one record per change.
      </EmptyState>
    );
  return (
    <>
      <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
        <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
          <caption className="sr-only">Audit records, newest first</caption>
          <thead className="bg-slate-100 text-left dark:bg-slate-900">
            <tr>
              <th scope="col" className="px-3 py-2">
                #
              </th>
              <th scope="col" className="px-3 py-2">
                Time (UTC)
              </th>
              <th scope="col" className="px-3 py-2">
                Actor
              </th>
              <th scope="col" className="px-3 py-2">
                Action
              </th>
              <th scope="col" className="px-3 py-2">
                Object
              </th>
              <th scope="col" className="px-3 py-2">
                Change
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 bg-white dark:divide-slate-800 dark:bg-slate-950">
            {events.map((e) => (
              <tr key={e.seq}>
                <td className="px-3 py-2 font-mono text-xs">{e.seq}</td>
                <td className="whitespace-nowrap px-3 py-2">
                  {e.createdAt.replace("T", " ").slice(0, 19)}
                </td>
                <td className="px-3 py-2">{e.actorLabel}</td>
                <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                <td className="px-3 py-2 text-xs">{e.objectType}</td>
                <td className="max-w-md truncate px-3 py-2 font-mono text-xs" title={e.summary}>
                  {e.summary}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {nextHref && (
        <p className="mt-4">
          <Link
            href={nextHref}
            className="text-sm text-blue-700 hover:underline dark:text-blue-300"
          >
            Older records →
          </Link>
        </p>
      )}
    </>
  );
}
