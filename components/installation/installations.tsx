"use client";
import { useActionState, useEffect, useState } from "react";
import {
  addInstallationAction,
  removeInstallationAction,
  updateInstallationAction,
  type InstallationFormState,
} from "@/lib/installation/actions";
import {
  INSTALLATION_KIND_SLUGS,
  INSTALLATION_KINDS,
  type InstallationKindSlug,
  type InstallationOwner,
} from "@/lib/installation/schema";
import type { InstallationDto } from "@/lib/installation/dto";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { ProofBadge } from "./proof";

export type CustodianOption = { id: string; label: string };

const Problem = ({ state }: { state: InstallationFormState }) =>
  state.message ? (
    <p
      role={state.ok ? "status" : "alert"}
      className={`text-sm ${state.ok ? "text-green-800 dark:text-green-300" : "text-red-700 dark:text-red-400"}`}
    >
      {state.message}
    </p>
  ) : null;

const where = (i: InstallationDto) =>
  [i.host ? `${i.host}${i.port ? `:${i.port}` : ""}` : null, i.location || null]
    .filter(Boolean)
    .join(" · ") || "—";

/** The fields of an installation, for adding and for editing. */
function InstallationFields({
  state,
  initial,
  users,
  serverChain,
  idPrefix,
}: {
  state: InstallationFormState;
  initial?: InstallationDto;
  users: CustodianOption[];
  serverChain: boolean;
  idPrefix: string;
}) {
  const [kind, setKind] = useState<InstallationKindSlug>(
    initial?.kind ?? (serverChain ? "host-port" : "file"),
  );
  const id = (name: string) => `${idPrefix}-${name}`;
  const selectError = (name: string) =>
    state.fields?.[name] && (
      <p id={`${id(name)}-error`} role="alert" className="text-sm text-red-700 dark:text-red-400">
        {state.fields[name]}
      </p>
    );
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <Field
        id={id("systemName")}
        label="System name"
        name="systemName"
        defaultValue={initial?.systemName}
        error={state.fields?.systemName}
        hint="The host or service that uses it, e.g. payments-gw-prd-01"
      />
      <div className="space-y-1">
        <label htmlFor={id("kind")} className="block text-sm font-medium">
          Kind
        </label>
        {serverChain ? (
          <>
            <input type="hidden" name="kind" value="host-port" />
            <p id={id("kind")} className="text-sm">
              host:port (the address D1 calls; its outbound probe proves it)
            </p>
          </>
        ) : (
          <select
            id={id("kind")}
            name="kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as InstallationKindSlug)}
            className={inputClass}
            aria-invalid={state.fields?.kind ? true : undefined}
          >
            {INSTALLATION_KIND_SLUGS.map((slug) => (
              <option key={slug} value={slug}>
                {INSTALLATION_KINDS[slug].label}
              </option>
            ))}
          </select>
        )}
        {selectError("kind")}
      </div>
      <Field
        id={id("host")}
        label={kind === "host-port" ? "Host" : "Host (optional)"}
        name="host"
        defaultValue={initial?.host}
        error={state.fields?.host}
        readOnly={serverChain && !!initial}
      />
      {kind === "host-port" && (
        <Field
          id={id("port")}
          label="Port"
          name="port"
          inputMode="numeric"
          defaultValue={initial?.port ?? (serverChain ? 8443 : undefined)}
          error={state.fields?.port}
          readOnly={serverChain && !!initial}
        />
      )}
      <Field
        id={id("location")}
        label="Path or label"
        name="location"
        defaultValue={initial?.location}
        error={state.fields?.location}
        hint={INSTALLATION_KINDS[kind].location}
      />
      <div className="space-y-1">
        <label htmlFor={id("custodianId")} className="block text-sm font-medium">
          Custodian
        </label>
        <select
          id={id("custodianId")}
          name="custodianId"
          defaultValue={initial?.custodian?.id ?? ""}
          className={inputClass}
          aria-invalid={state.fields?.custodianId ? true : undefined}
        >
          <option value="">The environment&apos;s custodians</option>
          {initial?.custodian && !users.some((u) => u.id === initial.custodian!.id) && (
            <option value={initial.custodian.id}>{initial.custodian.email} (disabled)</option>
          )}
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.label}
            </option>
          ))}
        </select>
        {selectError("custodianId")}
      </div>
      <div className="space-y-1 sm:col-span-2">
        <label htmlFor={id("notes")} className="block text-sm font-medium">
          Notes
        </label>
        <textarea
          id={id("notes")}
          name="notes"
          rows={2}
          defaultValue={initial?.notes}
          className={inputClass}
          aria-invalid={state.fields?.notes ? true : undefined}
        />
        {selectError("notes")}
      </div>
    </div>
  );
}

function AddInstallationForm({
  environmentId,
  of,
  users,
  serverChain,
}: {
  environmentId: string;
  of: InstallationOwner;
  users: CustodianOption[];
  serverChain: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [state, action, pending] = useActionState<InstallationFormState, FormData>(
    addInstallationAction.bind(null, environmentId, of),
    {},
  );
  // Recorded: the form closes and says so.
  useEffect(() => {
    if (state.ok) setOpen(false);
  }, [state]);
  if (!open)
    return (
      <div className="mt-3 space-y-2">
        <Problem state={state} />
        <Button variant="secondary" onClick={() => setOpen(true)}>
          Add an installation…
        </Button>
      </div>
    );
  return (
    <form
      action={action}
      className="mt-4 space-y-3 rounded-md border border-slate-200 p-4 dark:border-slate-700"
      noValidate
      aria-label="New installation"
    >
      <Problem state={state} />
      <InstallationFields
        state={state}
        users={users}
        serverChain={serverChain}
        idPrefix="new-installation"
      />
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Record installation"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Close
        </Button>
      </div>
    </form>
  );
}

function EditInstallationForm({
  row,
  users,
  serverChain,
  onDone,
}: {
  row: InstallationDto;
  users: CustodianOption[];
  serverChain: boolean;
  onDone: () => void;
}) {
  const [state, action, pending] = useActionState<InstallationFormState, FormData>(
    updateInstallationAction.bind(null, row.id),
    {},
  );
  useEffect(() => {
    if (state.ok) onDone();
  }, [state, onDone]);
  return (
    <form action={action} className="space-y-3" noValidate aria-label={`Edit ${row.systemName}`}>
      <Problem state={state} />
      <input type="hidden" name="version" value={row.version} />
      <InstallationFields
        state={state}
        initial={row}
        users={users}
        serverChain={serverChain}
        idPrefix={`edit-${row.id}`}
      />
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function RemoveInstallation({ row }: { row: InstallationDto }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState<InstallationFormState, FormData>(
    removeInstallationAction.bind(null, row.id),
    {},
  );
  if (!confirming)
    return (
      <Button
        variant="ghost"
        onClick={() => setConfirming(true)}
        aria-label={`Remove ${row.systemName}…`}
      >
        Remove…
      </Button>
    );
  return (
    <form action={action} className="space-y-2">
      <Problem state={state} />
      <input type="hidden" name="version" value={row.version} />
      <p className="text-sm">
        Remove {row.systemName} from the inventory? The record is kept in the audit trail.
      </p>
      <div className="flex gap-2">
        <Button type="submit" variant="danger" disabled={pending}>
          Confirm: remove
        </Button>
        <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>
          Keep it
        </Button>
      </div>
    </form>
  );
}

/**
 * Where a certificate, a signing key or our server chain is installed: the list, and for operators
 * the forms to add, edit (with the version read) and remove (confirmed) installations.
 */
export function Installations({
  rows,
  environmentId,
  of,
  canWrite,
  users,
  emptyText,
}: {
  rows: InstallationDto[];
  environmentId: string;
  of: InstallationOwner;
  canWrite: boolean;
  users: CustodianOption[];
  emptyText: string;
}) {
  const serverChain = "serverChain" in of;
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <div>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">{emptyText}</p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" aria-label="Installations">
          {rows.map((row) => (
            <li key={row.id} className="py-3" data-testid="installation">
              {editing === row.id ? (
                <EditInstallationForm
                  row={row}
                  users={users}
                  serverChain={serverChain}
                  onDone={() => setEditing(null)}
                />
              ) : (
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0 space-y-1 text-sm">
                    <p className="font-medium">
                      {row.systemName}{" "}
                      <span className="ml-1 text-xs font-normal text-slate-600 dark:text-slate-400">
                        {INSTALLATION_KINDS[row.kind].label}
                      </span>
                    </p>
                    <p className="break-all font-mono text-xs">{where(row)}</p>
                    <p className="text-xs text-slate-600 dark:text-slate-400">
                      Custodian:{" "}
                      {row.custodian ? (
                        <>
                          {row.custodian.name || row.custodian.email}
                          {row.custodian.disabled && (
                            <strong className="text-red-700 dark:text-red-400"> (disabled)</strong>
                          )}
                        </>
                      ) : (
                        "the environment's custodians"
                      )}
                    </p>
                    {row.notes && <p className="whitespace-pre-wrap text-xs">{row.notes}</p>}
                    {row.proof && <ProofBadge proof={row.proof} />}
                  </div>
                  {canWrite && (
                    <div className="flex flex-wrap gap-2">
                      <Button
                        variant="secondary"
                        onClick={() => setEditing(row.id)}
                        aria-label={`Edit ${row.systemName}`}
                      >
                        Edit
                      </Button>
                      <RemoveInstallation row={row} />
                    </div>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <AddInstallationForm
          environmentId={environmentId}
          of={of}
          users={users}
          serverChain={serverChain}
        />
      )}
    </div>
  );
}
