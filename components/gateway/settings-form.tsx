"use client";
import { useSavedToast } from "@/components/ui/toast";
import { useActionState } from "react";
import { updateGatewaySettingsAction, type FormState } from "@/lib/gateway/actions";
import { Field, inputClass } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

export type GatewaySettings = {
  id: string;
  version: number;
  name: string;
  subjectCountry: string | null;
  subjectState: string | null;
  subjectLocality: string | null;
  subjectOrg: string | null;
  subjectOrgUnit: string | null;
  cnTemplate: string;
  renewalLeadDays: number;
  keyRotationDays: number;
  reminderThresholds: number[];
  reminderEmails: string[];
  /** The URL itself, for admins only (it holds the receiver's secret); null for everyone else. */
  webhookUrl: string | null;
  /** What others may see: the URL's origin (https://hooks.slack.com/…), or null when none is set. */
  webhookOrigin: string | null;
  webhookFormat: "slack" | "teams";
};

export function GatewaySettingsForm({
  gateway,
  readOnly,
}: {
  gateway: GatewaySettings;
  readOnly: boolean;
}) {
  const [state, action, pending] = useActionState<FormState, FormData>(
    updateGatewaySettingsAction.bind(null, gateway.id),
    { version: gateway.version },
  );
  useSavedToast(state, `Settings of ${gateway.name} saved.`);
  const e = state.fields ?? {};
  return (
    <form action={action} className="space-y-6" noValidate>
      <input type="hidden" name="version" value={state.version ?? gateway.version} />
      {state.message && (
        <p
          role="alert"
          className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {state.message}
        </p>
      )}
      {state.saved && (
        <p
          role="status"
          className="rounded-md bg-green-50 p-3 text-sm text-green-900 dark:bg-green-950 dark:text-green-200"
        >
          Settings saved.
        </p>
      )}
      <fieldset disabled={readOnly || pending} className="grid gap-4 sm:grid-cols-2">
        <legend className="sr-only">Gateway settings</legend>
        <Field label="Display name" name="name" defaultValue={gateway.name} error={e.name} />
        <Field
          label="Renewal lead time (days)"
          name="renewalLeadDays"
          type="number"
          min={7}
          max={730}
          defaultValue={gateway.renewalLeadDays}
          error={e.renewalLeadDays}
          hint="Start renewing this many days before expiry (Thales signs by hand)."
        />
        <Field
          label="OAuth signing-key rotation (days)"
          name="keyRotationDays"
          type="number"
          min={30}
          max={3650}
          defaultValue={gateway.keyRotationDays}
          error={e.keyRotationDays}
          hint="The ES256 key has no expiry: rotate it this many days after onboarding with Thales (30–3650)."
        />
        <Field
          label="CN template"
          name="cnTemplate"
          defaultValue={gateway.cnTemplate}
          error={e.cnTemplate}
          className="font-mono"
          hint="Must contain all three placeholders: {keyType} (RSA or ECDSA), {merchantGatewayId} and {env} (PPR or PRD), so that a CN can never fit the other environment or key type."
        />
        <Field
          label="Country (C)"
          name="subjectCountry"
          defaultValue={gateway.subjectCountry ?? ""}
          maxLength={2}
          placeholder="FR"
          error={e.subjectCountry}
        />
        <Field
          label="State or province (ST)"
          name="subjectState"
          defaultValue={gateway.subjectState ?? ""}
          error={e.subjectState}
        />
        <Field
          label="Locality (L)"
          name="subjectLocality"
          defaultValue={gateway.subjectLocality ?? ""}
          error={e.subjectLocality}
        />
        <Field
          label="Organisation (O)"
          name="subjectOrg"
          defaultValue={gateway.subjectOrg ?? ""}
          error={e.subjectOrg}
        />
        <Field
          label="Organisational unit (OU)"
          name="subjectOrgUnit"
          defaultValue={gateway.subjectOrgUnit ?? ""}
          error={e.subjectOrgUnit}
        />
      </fieldset>
      <fieldset disabled={readOnly || pending} className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold">Renewal reminders</legend>
        <Field
          label="Reminder thresholds (days)"
          name="reminderThresholds"
          defaultValue={gateway.reminderThresholds.join(", ")}
          error={e.reminderThresholds ?? e["reminderThresholds.0"]}
          hint="Before start-renewal-by and before expiry; then daily while overdue."
        />
        <Field
          label="Email recipients"
          name="reminderEmails"
          defaultValue={gateway.reminderEmails.join(", ")}
          error={
            e.reminderEmails ??
            Object.entries(e).find(([k]) => k.startsWith("reminderEmails."))?.[1]
          }
          hint="Comma-separated. Needs SMTP configured on the server."
        />
        {readOnly ? (
          <div className="space-y-1">
            <p className="block text-sm font-medium">Webhook</p>
            <p className="font-mono text-sm" data-testid="webhook-origin">
              {gateway.webhookOrigin ?? "none"}
            </p>
            <p className="text-xs text-slate-600 dark:text-slate-400">
              The full URL is a secret: only an admin sees it.
            </p>
          </div>
        ) : (
          <Field
            label="Webhook URL (Slack or Teams)"
            name="webhookUrl"
            type="url"
            defaultValue={gateway.webhookUrl ?? ""}
            error={e.webhookUrl}
            hint="A secret: only admins see it; others and the audit trail see its origin."
          />
        )}
        <div className="space-y-1">
          <label htmlFor="field-webhookFormat" className="block text-sm font-medium">
            Webhook format
          </label>
          <select
            id="field-webhookFormat"
            name="webhookFormat"
            defaultValue={gateway.webhookFormat}
            className={inputClass}
            aria-invalid={e.webhookFormat ? true : undefined}
            aria-describedby={e.webhookFormat ? "field-webhookFormat-error" : undefined}
          >
            <option value="slack">Slack (incoming webhook)</option>
            <option value="teams">Microsoft Teams (Workflows, Adaptive Card)</option>
          </select>
          {e.webhookFormat && (
            <p
              id="field-webhookFormat-error"
              role="alert"
              className="text-sm text-red-700 dark:text-red-400"
            >
              {e.webhookFormat}
            </p>
          )}
        </div>
      </fieldset>
      {!readOnly && (
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save settings"}
        </Button>
      )}
    </form>
  );
}
