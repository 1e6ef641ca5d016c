/** The password sign-in endpoint (better-auth's, behind app/api/auth/[...all]/route.ts) and its refusals. */
const authError = (description: string, codes: string[]) => ({
  description: `${description} (code: ${codes.join(" or ")})`,
  content: {
    "application/json": {
      schema: { type: "object", required: ["code", "message"], properties: { code: { type: "string", enum: codes }, message: { type: "string" } } },
    },
  },
});

export function authPaths() {
  return {
    "/api/auth/sign-in/email": {
      post: {
        summary: "Password sign-in (for browsers: sets the session cookie). Not for API clients, which use tokens",
        security: [],
        requestBody: {
          required: true,
          description: "JSON or a URL-encoded form, at most 8 KB. `callbackURL`, if sent, is kept only when it is a path on this site.",
          content: {
            "application/json": {
              schema: { type: "object", required: ["email", "password"], properties: { email: { type: "string" }, password: { type: "string", minLength: 12, maxLength: 256 }, callbackURL: { type: "string" } } },
            },
          },
        },
        responses: {
          "200": { description: "Signed in, or (`twoFactorRedirect: true`) the password was right and a two-factor code is due" },
          "400": authError("No email in the body", ["INVALID_BODY"]),
          "401": { description: "Wrong email or password (counts towards the per-account limit)" },
          "403": authError("From another origin than this dashboard's (APP_URL's, or the one used when it is unset), or password sign-in is off", ["INVALID_ORIGIN", "LOCAL_SIGN_IN_DISABLED"]),
          "413": authError("Body over 8 KB", ["BODY_TOO_LARGE"]),
          "429": authError("5 attempts for this account in 5 minutes (Retry-After says when to try again), or better-auth's per-address limit", ["TOO_MANY_FAILED_SIGN_INS"]),
        },
      },
    },
  };
}
