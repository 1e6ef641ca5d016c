// The rules of a server chain change as the page shows them: which step is in progress, what to
// do next, which forms a role gets in which state, and why one is not offered. Pure (no database,
// no server-only import): the component renders what these say. The mutations enforce the same
// order on the server.
import { hasRole, type Role } from "@/lib/auth/actor";
import { OPEN_STATUSES, type ServerChainStatus } from "./dto";

/** What these rules read of a change (a ServerChainChangeDto has it all). */
export type WorkflowChange = {
  status: ServerChainStatus;
  plannedAt: string;
  notifiedAt: string | null;
  acknowledgedAt: string | null;
};

export const SERVER_CHAIN_STEPS = [
  { key: "planned", title: "Change planned" },
  { key: "notified", title: "Thales notified" },
  { key: "acknowledged", title: "Thales acknowledged (recommended)" },
  { key: "switched", title: "Switched to the new chain" },
] as const;
export type ServerChainStepKey = (typeof SERVER_CHAIN_STEPS)[number]["key"];

/** Still to be switched or cancelled. */
export const isOpenChange = (c: { status: string }) =>
  (OPEN_STATUSES as readonly string[]).includes(c.status);

/** The step in progress: the acknowledgement and the switch both follow a notification. */
export function currentStep(c: { status: string }): ServerChainStepKey | null {
  if (c.status === "planned") return "notified";
  if (c.status === "notified") return "acknowledged";
  if (c.status === "acknowledged") return "switched";
  return null;
}

/**
 * How a step is marked: done (with its record), next (in progress), "not recorded" once the
 * change is closed without it, or nothing yet.
 */
export function stepMark(
  c: { status: string },
  key: ServerChainStepKey,
  done: boolean,
): "done" | "next" | "not-recorded" | null {
  if (done) return "done";
  if (key === currentStep(c)) return "next";
  if (c.status === "cancelled" || c.status === "switched") return "not-recorded";
  return null;
}

/** What a person should do next, in one sentence. */
export function whatsNext(c: WorkflowChange): string | null {
  if (c.status === "planned")
    return `Next: send the new chain to your Thales representative, before the switch planned for ${c.plannedAt}, then record the date here.`;
  if (c.status === "notified")
    return "Next: record Thales' acknowledgement when it comes, then switch and mark it switched here.";
  if (c.status === "acknowledged")
    return `Next: switch our server to the new chain (planned for ${c.plannedAt}), then mark it switched here: the our-server-chain store is replaced then.`;
  return null;
}

/** The warnings a change carries, on the day `today` (YYYY-MM-DD, UTC). */
export function changeWarnings(c: WorkflowChange, today: string) {
  const open = isOpenChange(c);
  return {
    switchedWithoutAcknowledgement: c.status === "switched" && !c.acknowledgedAt,
    plannedDatePassed: open && c.plannedAt < today,
    notAcknowledgedYet: open && c.status !== "planned" && !c.acknowledgedAt,
  };
}

export const SWITCH_NEEDS_NOTIFICATION =
  "Marking the change switched becomes possible once Thales' notification is recorded (only an admin can override that).";

/**
 * The forms a role gets on a change. Operators record each step in order; the switch needs
 * Thales notified, unless an admin overrides it (with a reason, asked by the switch form).
 */
export function allowedActions(c: WorkflowChange, role: Role) {
  const writable = isOpenChange(c) && hasRole(role, "operator");
  const notified = c.notifiedAt !== null;
  const mayOverride = role === "admin";
  const maySwitch = writable && (notified || mayOverride);
  return {
    /** Any form at all. */
    any: writable,
    notify: writable && c.status === "planned",
    acknowledge: writable && c.status === "notified",
    switch: maySwitch,
    /** Why the switch form is not offered to this role (null when it is, or nothing is). */
    switchDisabledReason: writable && !maySwitch ? SWITCH_NEEDS_NOTIFICATION : null,
    cancel: writable,
  };
}

/** Whether the switch form asks for an override reason: an admin switching before notification. */
export const switchNeedsOverride = (o: {
  isAdmin: boolean;
  notified: boolean;
  reasonAsked: boolean;
}) => o.isAdmin && (!o.notified || o.reasonAsked);

/** A new change can be planned by an operator when none is open. */
export const mayPlan = (openChange: WorkflowChange | null, role: Role) =>
  !openChange && hasRole(role, "operator");

export const noChangeYet = (role: Role) =>
  hasRole(role, "operator")
    ? "Plan one above when our server certificate or its CA is about to change."
    : "An operator plans one when our server certificate or its CA is about to change.";
