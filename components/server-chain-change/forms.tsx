"use client";
import { useActionState, useState } from "react";
import {
  cancelServerChainChangeAction,
  markServerChainSwitchedAction,
  planServerChainChangeAction,
  recordServerChainAcknowledgedAction,
  recordServerChainNotifiedAction,
  type ServerChainFormState,
} from "@/lib/server-chain-change/actions";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { UploadField } from "@/components/certificate/upload-field";
import { switchNeedsOverride } from "@/lib/server-chain-change/workflow";
import { isoDay } from "@/lib/dates";

const today = () => isoDay(new Date());

function Problem({ state }: { state: ServerChainFormState }) {
  return state.message ? (
    <p role="alert" className="text-sm text-red-700 dark:text-red-400">
      {state.message}
    </p>
  ) : null;
}

function Done({ state }: { state: ServerChainFormState }) {
  return state.ok && state.done ? (
    <p role="status" className="text-sm text-green-800 dark:text-green-300">
      {state.done}
    </p>
  ) : null;
}

const Version = ({ version }: { version: number }) => (
  <input type="hidden" name="version" value={version} />
);

function TextArea({
  label,
  name,
  error,
  hint,
  rows = 3,
  defaultValue,
}: {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  rows?: number;
  defaultValue?: string;
}) {
  const id = `field-${name}`;
  const describedBy =
    [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") ||
    undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={inputClass}
      />
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}

/** Step 1: the new chain (file or paste), the planned switch date, notes. */
export function PlanServerChainForm({
  environmentId,
  maxBytes,
}: {
  environmentId: string;
  maxBytes: number;
}) {
  const [state, action, pending] = useActionState<ServerChainFormState, FormData>(
    planServerChainChangeAction.bind(null, environmentId),
    {},
  );
  return (
    <form action={action} className="space-y-4" noValidate>
      <Problem state={state} />
      <Done state={state} />
      <UploadField
        maxBytes={maxBytes}
        accept=".pem,.crt,.cer,.der,.p7b,.p7c"
        placeholder={
          "-----BEGIN CERTIFICATE-----\n(our server certificate first, then its intermediate CAs)"
        }
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Planned switch date"
          name="plannedAt"
          type="date"
          defaultValue={state.values?.plannedAt}
          error={state.fields?.plannedAt}
          hint="When the new chain goes live on our server. It may be in the future."
        />
      </div>
      <TextArea
        label="Notes (optional)"
        name="notes"
        defaultValue={state.values?.notes}
        error={state.fields?.notes}
        hint="Why the chain changes, the change ticket, who at Thales to notify."
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Checking…" : "Plan the change"}
      </Button>
    </form>
  );
}

/** Step 2: the day Thales was told. */
export function NotifyForm({ changeId, version }: { changeId: string; version: number }) {
  const [state, action, pending] = useActionState<ServerChainFormState, FormData>(
    recordServerChainNotifiedAction.bind(null, changeId),
    {},
  );
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end" noValidate>
      <div className="sm:col-span-2">
        <Problem state={state} />
      </div>
      <Version version={version} />
      <Field
        label="Thales notified on"
        name="notifiedAt"
        type="date"
        defaultValue={state.values?.notifiedAt ?? today()}
        error={state.fields?.notifiedAt}
        hint="The day you sent the new chain to your Thales representative."
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Record notification"}
      </Button>
    </form>
  );
}

/** Step 3: Thales acknowledged, with its reference. */
export function AcknowledgeForm({ changeId, version }: { changeId: string; version: number }) {
  const [state, action, pending] = useActionState<ServerChainFormState, FormData>(
    recordServerChainAcknowledgedAction.bind(null, changeId),
    {},
  );
  return (
    <form
      action={action}
      className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      noValidate
    >
      <div className="sm:col-span-3">
        <Problem state={state} />
      </div>
      <Version version={version} />
      <Field
        label="Thales acknowledged on"
        name="acknowledgedAt"
        type="date"
        defaultValue={state.values?.acknowledgedAt ?? today()}
        error={state.fields?.acknowledgedAt}
      />
      <Field
        label="Thales' reference"
        name="reference"
        defaultValue={state.values?.reference}
        error={state.fields?.reference}
        hint="Their ticket number, or the subject of their email."
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Record acknowledgement"}
      </Button>
    </form>
  );
}

/**
 * Step 4: we switched. Opens on a first click and says what it does to the trust store. An admin
 * gets a reason field when Thales was not notified (or the server asks for one).
 */
export function SwitchForm({
  changeId,
  version,
  notified,
  acknowledged,
  isAdmin,
  storeCount,
  chainCount,
}: {
  changeId: string;
  version: number;
  notified: boolean;
  acknowledged: boolean;
  isAdmin: boolean;
  storeCount: number;
  chainCount: number;
}) {
  const [open, setOpen] = useState(false);
  const [state, action, pending] = useActionState<ServerChainFormState, FormData>(
    markServerChainSwitchedAction.bind(null, changeId),
    {},
  );
  const override = switchNeedsOverride({
    isAdmin,
    notified,
    reasonAsked: state.fields?.overrideReason !== undefined,
  });
  if (!open) {
    return (
      <Button variant={notified ? "primary" : "secondary"} onClick={() => setOpen(true)}>
        {notified ? "Mark switched…" : "Mark switched without notification (admin)…"}
      </Button>
    );
  }
  return (
    <form
      action={action}
      className={`space-y-3 rounded-md border p-4 ${override ? "border-red-300 dark:border-red-800" : "border-blue-300 dark:border-blue-800"}`}
      noValidate
    >
      <Problem state={state} />
      <Version version={version} />
      {notified && !acknowledged && (
        <p
          role="note"
          className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          Thales has not acknowledged this change yet. You may switch, but until Thales confirms, D1
          may still refuse the new chain.
        </p>
      )}
      <Field
        label="Switched on"
        name="switchedAt"
        type="date"
        defaultValue={state.values?.switchedAt ?? today()}
        error={state.fields?.switchedAt}
        hint="The day our server started presenting the new chain."
      />
      {override && (
        <div className="space-y-2">
          <p className="text-sm text-red-800 dark:text-red-300">
            Thales must be notified before we change our server CA or chain. As an admin you can
            record this switch anyway: say why it could not wait. The reason is kept with the change
            and in the audit trail.
          </p>
          <TextArea
            label="Override reason"
            name="overrideReason"
            defaultValue={state.values?.overrideReason}
            error={state.fields?.overrideReason}
          />
        </div>
      )}
      <p className="text-sm">
        The {storeCount} certificate{storeCount === 1 ? "" : "s"} of <code>our-server-chain</code>{" "}
        will be replaced by the {chainCount} of this change.
      </p>
      <div className="flex gap-2">
        <Button type="submit" variant={override ? "danger" : "primary"} disabled={pending}>
          {pending
            ? "Saving…"
            : override
              ? "Confirm: switched without notification"
              : "Confirm: switched"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Not yet
        </Button>
      </div>
    </form>
  );
}

/** Cancels an open change, after a second, explicit click and with a reason. */
export function CancelForm({ changeId, version }: { changeId: string; version: number }) {
  const [open, setOpen] = useState(false);
  const [state, action, pending] = useActionState<ServerChainFormState, FormData>(
    cancelServerChainChangeAction.bind(null, changeId),
    {},
  );
  if (!open)
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Cancel this change…
      </Button>
    );
  return (
    <form
      action={action}
      className="space-y-3 rounded-md border border-red-300 p-4 dark:border-red-800"
      noValidate
    >
      <Problem state={state} />
      <Version version={version} />
      <p className="text-sm">
        The change is kept for the record, marked cancelled; the trust store is not touched. If
        Thales was already notified, tell Thales the change is off.
      </p>
      <Field
        label="Reason"
        name="reason"
        defaultValue={state.values?.reason}
        error={state.fields?.reason}
      />
      <div className="flex gap-2">
        <Button type="submit" variant="danger" disabled={pending}>
          {pending ? "Saving…" : "Confirm: cancel the change"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Keep it
        </Button>
      </div>
    </form>
  );
}
