"use client";
import { useSavedToast } from "@/components/ui/toast";
import { useActionState } from "react";
import { recordClientCaChangeAction, type CaChangeFormState } from "@/lib/ca-change/actions";
import { UploadField } from "@/components/certificate/upload-field";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { CA_CHANGE_SOURCES, SOURCE_LABELS } from "@/lib/ca-change/schema";
import { isoDay } from "@/lib/dates";

/** Records a new Thales Client CA as received; its state then follows the trust store. */
export function RecordCaChangeForm({
  environmentId,
  maxBytes,
  trusted,
}: {
  environmentId: string;
  maxBytes: number;
  trusted: { sha256: string; subjectDn: string }[];
}) {
  const [state, action, pending] = useActionState<CaChangeFormState, FormData>(
    recordClientCaChangeAction.bind(null, environmentId),
    {},
  );
  useSavedToast(state, "Thales Client CA change recorded.");
  const e = state.fields ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.saved && (
        <p role="status" className="text-sm text-green-800 dark:text-green-300">
          Recorded. Add the CA to the Thales Client CA store when ready: the change then shows as
          trusted.
        </p>
      )}
      {state.message && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {state.message}
        </p>
      )}
      <UploadField
        maxBytes={maxBytes}
        accept=".pem,.crt,.cer,.der"
        placeholder="-----BEGIN CERTIFICATE----- (the new Thales Client CA)"
      />
      {e.certificate && (
        <p
          role="alert"
          className="text-sm text-red-700 dark:text-red-400"
          data-testid="certificate-error"
        >
          {e.certificate}
        </p>
      )}
      <div className="grid gap-3 sm:grid-cols-3">
        <div className="space-y-1">
          <label htmlFor="ca-change-source" className="block text-sm font-medium">
            Source
          </label>
          <select
            id="ca-change-source"
            name="source"
            defaultValue="notice"
            className={inputClass}
            aria-invalid={e.source ? true : undefined}
          >
            {CA_CHANGE_SOURCES.map((s) => (
              <option key={s} value={s}>
                {SOURCE_LABELS[s]}
              </option>
            ))}
          </select>
          {e.source && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {e.source}
            </p>
          )}
        </div>
        <Field
          label="Received on"
          name="receivedAt"
          type="date"
          defaultValue={isoDay(new Date())}
          error={e.receivedAt}
          id="ca-change-received"
        />
        <Field
          label="Effective from (announced)"
          name="effectiveAt"
          type="date"
          error={e.effectiveAt}
          id="ca-change-effective"
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="ca-change-replaces" className="block text-sm font-medium">
          Replaces
        </label>
        <select
          id="ca-change-replaces"
          name="replacesSha256"
          defaultValue=""
          className={inputClass}
          aria-invalid={e.replacesSha256 ? true : undefined}
        >
          <option value="">Nothing: an additional CA</option>
          {trusted.map((t) => (
            <option key={t.sha256} value={t.sha256}>
              {t.subjectDn} ({t.sha256.slice(0, 16)}…)
            </option>
          ))}
        </select>
        {e.replacesSha256 && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {e.replacesSha256}
          </p>
        )}
      </div>
      <div className="space-y-1">
        <label htmlFor="ca-change-notes" className="block text-sm font-medium">
          Notes
        </label>
        <textarea
          id="ca-change-notes"
          name="notes"
          rows={2}
          className={inputClass}
          placeholder="Notice reference, who at Thales, overlap plan…"
        />
        {e.notes && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {e.notes}
          </p>
        )}
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Checking…" : "Record the change"}
      </Button>
    </form>
  );
}
