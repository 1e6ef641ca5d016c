/**
 * The state of a Thales Client CA change, derived from the thales-client-ca trust store and the
 * clock, never set by hand (issue #6):
 * - announced: recorded, the new CA is not trusted yet;
 * - trusted: the new CA is in the store;
 * - completed: it replaces an old CA, and that old one was removed after the effective date.
 */
export type CaChangeState = "announced" | "trusted" | "completed";

export function caChangeState(
  change: { sha256: string; replacesSha256: string | null; effectiveAt: Date | null },
  trusted: ReadonlySet<string>,
  now: Date = new Date(),
): CaChangeState {
  if (!trusted.has(change.sha256)) return "announced";
  if (!change.replacesSha256) return "trusted";
  const effectivePassed = !change.effectiveAt || change.effectiveAt.getTime() <= now.getTime();
  return effectivePassed && !trusted.has(change.replacesSha256) ? "completed" : "trusted";
}
