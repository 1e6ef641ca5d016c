// What a disabled user is told when they try to sign in. No server imports: the sign-in page and
// the better-auth hooks share it (lib/auth/lifecycle.ts disables and enables).
const DAY_MS = 86_400_000;

export const ACCOUNT_DISABLED_CODE = "ACCOUNT_DISABLED";

type DisabledStatus = {
  disabledReason: string | null;
  disabledAt: Date | null;
  lastSeenAt: Date | null;
  createdAt: Date;
};

/** Whole days between the last sign-in and the automatic disabling, or null when an admin disabled. */
function inactiveDaysOf(user: DisabledStatus): number | null {
  if (user.disabledReason !== "inactive" || !user.disabledAt) return null;
  return Math.floor(
    (user.disabledAt.getTime() - (user.lastSeenAt ?? user.createdAt).getTime()) / DAY_MS,
  );
}

/** The sentence a disabled user gets when they try to sign in (password, two-factor or SSO). */
export function disabledMessage(user: DisabledStatus): string {
  const days = inactiveDaysOf(user);
  if (days !== null)
    return `This account was disabled after ${days} days without sign-in. Ask an administrator to enable it again.`;
  return "This account is disabled. Ask an administrator to enable it again.";
}

/** The error code single sign-on puts in the sign-in page's URL (only a code travels there). */
export function disabledSsoCode(user: DisabledStatus): string {
  const days = inactiveDaysOf(user);
  return days === null ? "account_disabled" : `account_disabled_inactive_${days}`;
}

/** The sign-in page's sentence for a disabled-account code from single sign-on, or null. */
export function disabledSsoMessage(code: string): string | null {
  if (code === "account_disabled")
    return "This account is disabled. Ask an administrator to enable it again.";
  const days = /^account_disabled_inactive_(\d{1,5})$/.exec(code)?.[1];
  return days
    ? `This account was disabled after ${Number(days)} days without sign-in. Ask an administrator to enable it again.`
    : null;
}
