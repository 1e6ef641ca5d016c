"use client";
import { useActionState } from "react";
import { addTrustEntriesAction, type AddEntriesState } from "@/lib/trust-store/actions";
import { Button } from "@/components/ui/button";
import { UploadField } from "@/components/certificate/upload-field";

function Outcomes({
  title,
  items,
  tone,
}: {
  title: string;
  items: { sha256: string; subject: string; reason: string }[];
  tone: string;
}) {
  if (items.length === 0) return null;
  return (
    <div>
      <p className={`font-medium ${tone}`}>
        {title} ({items.length})
      </p>
      <ul className="ml-5 list-disc">
        {items.map((i) => (
          <li key={i.sha256 + title}>
            <span className="font-mono text-xs">{i.subject}</span>: {i.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function AddEntriesForm({
  environmentId,
  slug,
  maxBytes,
}: {
  environmentId: string;
  slug: string;
  maxBytes: number;
}) {
  const [state, action, pending] = useActionState<AddEntriesState, FormData>(
    addTrustEntriesAction.bind(null, environmentId, slug),
    {},
  );
  return (
    <form action={action} className="space-y-3">
      {state.message && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {state.message}
        </p>
      )}
      {state.report && (
        <div
          role="status"
          className="space-y-2 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700"
        >
          <Outcomes
            title="Added"
            items={state.report.added}
            tone="text-green-800 dark:text-green-300"
          />
          <Outcomes
            title="Skipped"
            items={state.report.skipped}
            tone="text-slate-700 dark:text-slate-300"
          />
          <Outcomes
            title="Refused"
            items={state.report.rejected}
            tone="text-red-800 dark:text-red-300"
          />
        </div>
      )}
      <UploadField
        maxBytes={maxBytes}
        accept=".pem,.crt,.cer,.der,.p7b,.p7c"
        placeholder="-----BEGIN CERTIFICATE----- (one or several)"
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add certificates"}
      </Button>
    </form>
  );
}
