"use server";
import { revalidatePath } from "next/cache";
import { actionContext } from "@/lib/auth/action-context";
import {
  addProbeTarget,
  removeProbeTarget,
  runProbeTarget,
  setProbeDaily,
} from "@/lib/probe/mutations";

export type AddTargetValues = { direction: string; host: string; port: string; daily: boolean };
export type AddTargetState = {
  fields?: Record<string, string>;
  message?: string;
  added?: string;
  values?: AddTargetValues;
};
export type RunState = { message?: string; ok?: boolean };

const ADMIN_ONLY = "Only an admin can do this.";
const OPERATOR_ONLY = "Your role cannot do this: it needs operator or admin.";

/** Adds a probe target (admins only: a probe opens connections from our server). */
export async function addProbeTargetAction(
  environmentId: string,
  _prev: AddTargetState,
  form: FormData,
): Promise<AddTargetState> {
  const ctx = await actionContext("admin");
  if (!ctx) return { message: ADMIN_ONLY };
  const text = (name: string) => (typeof form.get(name) === "string" ? String(form.get(name)) : "");
  const values: AddTargetValues = {
    direction: text("direction"),
    host: text("host"),
    port: text("port"),
    daily: form.get("daily") === "on",
  };
  const result = await addProbeTarget(ctx.db, ctx.actor, String(environmentId), {
    ...values,
    direction: values.direction || undefined,
  });
  if (!result.ok)
    return { values, ...(result.fields ? { fields: result.fields } : { message: result.message }) };
  revalidatePath("/gateways", "layout");
  return { added: `${result.target.host}:${result.target.port}` };
}

export async function removeProbeTargetAction(targetId: string): Promise<{ message?: string }> {
  const ctx = await actionContext("admin");
  if (!ctx) return { message: ADMIN_ONLY };
  const result = await removeProbeTarget(ctx.db, ctx.actor, String(targetId));
  revalidatePath("/gateways", "layout");
  return result.ok ? {} : { message: result.message };
}

export async function setProbeDailyAction(
  targetId: string,
  daily: boolean,
): Promise<{ message?: string }> {
  const ctx = await actionContext("admin");
  if (!ctx) return { message: ADMIN_ONLY };
  const result = await setProbeDaily(ctx.db, ctx.actor, String(targetId), daily === true);
  revalidatePath("/gateways", "layout");
  return result.ok ? {} : { message: result.message };
}

/** "Run now": probes the target and stores the result (operators and admins). */
export async function runProbeAction(targetId: string): Promise<RunState> {
  const ctx = await actionContext("operator");
  if (!ctx) return { message: OPERATOR_ONLY };
  const result = await runProbeTarget(ctx.db, ctx.actor, String(targetId));
  if (!result.ok) return { message: result.message };
  revalidatePath("/gateways", "layout");
  return {
    ok: result.result?.ok ?? false,
    message: result.result
      ? `Probed in ${(result.result.durationMs / 1000).toFixed(1)} s: ${result.result.ok ? "passed" : "see the findings below"}.`
      : "",
  };
}
