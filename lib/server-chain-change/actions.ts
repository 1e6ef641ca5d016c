"use server";
import { revalidatePath } from "next/cache";
import { actionContext } from "@/lib/auth/action-context";
import { readUpload } from "@/lib/validation/upload";
import { fieldErrors } from "@/lib/validation/field-errors";
import { planServerChainSchema, SERVER_CHAIN_MAX_BYTES } from "@/lib/server-chain-change/schema";
import {
  cancelServerChainChange,
  markServerChainSwitched,
  planServerChainChange,
  recordServerChainAcknowledged,
  recordServerChainNotified,
  type ServerChainResult,
} from "@/lib/server-chain-change/mutations";

/** `values`: what was typed, sent back on a refusal so the form (reset by React after each submit) keeps it. */
export type ServerChainFormState = {
  ok?: boolean;
  message?: string;
  fields?: Record<string, string>;
  done?: string;
  values?: Record<string, string>;
};
const FORBIDDEN: ServerChainFormState = {
  message: "Your role cannot do this: it needs operator or admin.",
};

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

function typed(form: FormData, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, text(form, name) ?? ""]));
}

function answer(
  result: ServerChainResult,
  done: string,
  values: Record<string, string>,
): ServerChainFormState {
  if (!result.ok)
    return { message: result.message, values, ...(result.fields ? { fields: result.fields } : {}) };
  revalidatePath("/gateways", "layout");
  return { ok: true, done };
}

/** Plans a change: the new chain (file or pasted), the planned switch date, notes. */
export async function planServerChainChangeAction(
  environmentId: string,
  _prev: ServerChainFormState,
  form: FormData,
): Promise<ServerChainFormState> {
  const ctx = await actionContext("operator");
  if (!ctx) return FORBIDDEN;
  const upload = await readUpload(form, SERVER_CHAIN_MAX_BYTES);
  if (!upload.ok) {
    // Say what else is wrong in the same answer.
    const fields = planServerChainSchema.safeParse({
      plannedAt: text(form, "plannedAt"),
      notes: text(form, "notes"),
    });
    const values = typed(form, ["plannedAt", "notes"]);
    return fields.success
      ? { message: upload.message, values }
      : { message: upload.message, values, fields: fieldErrors(fields.error) };
  }
  const result = await planServerChainChange(ctx.db, ctx.actor, String(environmentId), {
    chain: upload.input,
    plannedAt: text(form, "plannedAt"),
    notes: text(form, "notes"),
  });
  return answer(
    result,
    "The change is planned. Next: notify Thales, and record the date here.",
    typed(form, ["plannedAt", "notes"]),
  );
}

export async function recordServerChainNotifiedAction(
  changeId: string,
  _prev: ServerChainFormState,
  form: FormData,
): Promise<ServerChainFormState> {
  const ctx = await actionContext("operator");
  if (!ctx) return FORBIDDEN;
  const result = await recordServerChainNotified(ctx.db, ctx.actor, String(changeId), {
    version: text(form, "version"),
    notifiedAt: text(form, "notifiedAt"),
  });
  return answer(result, "Thales' notification is recorded.", typed(form, ["notifiedAt"]));
}

export async function recordServerChainAcknowledgedAction(
  changeId: string,
  _prev: ServerChainFormState,
  form: FormData,
): Promise<ServerChainFormState> {
  const ctx = await actionContext("operator");
  if (!ctx) return FORBIDDEN;
  const result = await recordServerChainAcknowledged(ctx.db, ctx.actor, String(changeId), {
    version: text(form, "version"),
    acknowledgedAt: text(form, "acknowledgedAt"),
    reference: text(form, "reference"),
  });
  return answer(
    result,
    "Thales' acknowledgement is recorded.",
    typed(form, ["acknowledgedAt", "reference"]),
  );
}

/** Operators may switch once Thales was notified; only an admin may override that, with a reason (checked in the mutation). */
export async function markServerChainSwitchedAction(
  changeId: string,
  _prev: ServerChainFormState,
  form: FormData,
): Promise<ServerChainFormState> {
  const ctx = await actionContext("operator");
  if (!ctx) return FORBIDDEN;
  const result = await markServerChainSwitched(ctx.db, ctx.actor, String(changeId), {
    version: text(form, "version"),
    switchedAt: text(form, "switchedAt"),
    overrideReason: text(form, "overrideReason"),
  });
  return answer(
    result,
    "Switched: our-server-chain now holds the new chain.",
    typed(form, ["switchedAt", "overrideReason"]),
  );
}

export async function cancelServerChainChangeAction(
  changeId: string,
  _prev: ServerChainFormState,
  form: FormData,
): Promise<ServerChainFormState> {
  const ctx = await actionContext("operator");
  if (!ctx) return FORBIDDEN;
  const result = await cancelServerChainChange(ctx.db, ctx.actor, String(changeId), {
    version: text(form, "version"),
    reason: text(form, "reason"),
  });
  return answer(result, "The change is cancelled.", typed(form, ["reason"]));
}
