/** Plain-language messages for the errors better-auth's two-factor endpoints answer with. */
export type AuthError = { status?: number; code?: string; message?: string } | null | undefined;

export function twoFactorErrorMessage(error: AuthError): string {
  if (!error) return "Something went wrong. Try again.";
  switch (error.code) {
    case "INVALID_PASSWORD":
      return "That password is not right.";
    case "INVALID_CODE":
      return "That code is not right. Enter the 6-digit code your authenticator app shows now (and check that the phone sets its clock automatically).";
    case "TOTP_CODE_ALREADY_USED":
      return "That code was already used. Wait for the next code from your authenticator app.";
    case "INVALID_BACKUP_CODE":
      return "That recovery code is not right, or it was already used.";
    case "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE":
    case "INVALID_TWO_FACTOR_COOKIE":
      return "This sign-in has expired or had too many wrong codes. Sign in again with your password.";
    case "ACCOUNT_TEMPORARILY_LOCKED":
      return "Too many wrong codes for this account. It is locked for 15 minutes; try again later.";
    case "TOTP_ALREADY_ENABLED":
      return "Two-factor sign-in is already on. Reload the page.";
    case "TWO_FACTOR_NOT_ENABLED":
      return "Two-factor sign-in is off. Reload the page.";
  }
  if (error.status === 429)
    return "Too many attempts in a short time. Wait ten seconds and try again.";
  return error.message || "Something went wrong. Try again.";
}

/** Whether the error means the half-finished sign-in is gone and must start again. */
export const signInChallengeOver = (error: AuthError) =>
  error?.code === "INVALID_TWO_FACTOR_COOKIE" ||
  error?.code === "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE";
