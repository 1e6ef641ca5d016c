import { errorResponse, jsonSchema } from "@/lib/openapi/helpers";
import { userChangeSchema } from "./lifecycle";

/** The password sign-in endpoint (better-auth's, behind app/api/auth/[...all]/route.ts) and its refusals. */
const authError = (description: string, codes: string[]) => ({
  description: `${description} (code: ${codes.join(" or ")})`,
  content: {
    "application/json": {
      schema: {
        type: "object",
        required: ["code", "message"],
        properties: { code: { type: "string", enum: codes }, message: { type: "string" } },
      },
    },
  },
});

export function authPaths() {
  return {
    "/api/auth/sign-in/email": {
      post: {
        summary:
          "Password sign-in (for browsers: sets the session cookie). Not for API clients, which use tokens",
        security: [],
        requestBody: {
          required: true,
          description:
            "JSON or a URL-encoded form, at most 8 KB. `callbackURL`, if sent, is kept only when it is a path on this site.",
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["email", "password"],
                properties: {
                  email: { type: "string" },
                  password: { type: "string", minLength: 12, maxLength: 256 },
                  callbackURL: { type: "string" },
                },
              },
            },
          },
        },
        responses: {
          "200": {
            description:
              "Signed in, or (`twoFactorRedirect: true`) the password was right and a two-factor code is due",
          },
          "400": authError("No email in the body", ["INVALID_BODY"]),
          "401": { description: "Wrong email or password (counts towards the per-account limit)" },
          "403": authError(
            "From another origin than this dashboard's (APP_URL's, or the one used when it is unset), or password sign-in is off",
            ["INVALID_ORIGIN", "LOCAL_SIGN_IN_DISABLED"],
          ),
          "413": authError("Body over 8 KB", ["BODY_TOO_LARGE"]),
          "429": authError(
            "5 attempts for this account in 5 minutes (Retry-After says when to try again), or better-auth's per-address limit",
            ["TOO_MANY_FAILED_SIGN_INS"],
          ),
        },
      },
    },
  };
}

const date = { type: ["string", "null"], format: "date-time" };

const user = {
  type: "object",
  required: ["id", "email", "role", "status"],
  properties: {
    id: { type: "string" },
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string", enum: ["viewer", "operator", "admin"] },
    status: { type: "string", enum: ["active", "disabled"] },
    disabledAt: date,
    disabledReason: {
      type: ["string", "null"],
      enum: ["admin", "inactive", null],
      description: "inactive: disabled by the USER_INACTIVE_DAYS sweep",
    },
    lastSignInAt: date,
    createdAt: { type: "string", format: "date-time" },
    liveTokens: { type: "integer", description: "API tokens this user made that still work" },
  },
};

const token = {
  type: "object",
  required: ["id", "name", "role", "status"],
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    role: { type: "string", enum: ["viewer", "operator", "admin"] },
    createdBy: {
      type: ["string", "null"],
      description:
        "Who made it, as the audit trail names them (email, or cli:<login>); null for tokens made before this was recorded",
    },
    createdAt: { type: "string", format: "date-time" },
    expiresAt: {
      ...date,
      description: "null: never expires (only an admin can make such a token)",
    },
    lastUsedAt: date,
    revokedAt: date,
    status: { type: "string", enum: ["active", "expired", "revoked"] },
  },
};

export function userPaths() {
  return {
    "/api/v1/users": {
      get: {
        summary: "List users with their role, status and last sign-in (admin)",
        responses: {
          "200": {
            description: "The users",
            content: {
              "application/json": {
                schema: { type: "object", properties: { users: { type: "array", items: user } } },
              },
            },
          },
          "401": errorResponse("No valid token"),
          "403": errorResponse("The token's role is below admin"),
        },
      },
    },
    "/api/v1/users/{userId}": {
      patch: {
        summary: "Change a user's role, disable or enable them (admin)",
        description:
          "Disabling ends the user's sessions at once and revokes the API tokens they made, for good (enabling does not revive them). " +
          "A demotion revokes the user's tokens above the new role. The parts of one request are applied together or not at all; each is audited.",
        parameters: [{ name: "userId", in: "path", required: true, schema: { type: "string" } }],
        requestBody: {
          required: true,
          content: { "application/json": { schema: jsonSchema(userChangeSchema) } },
        },
        responses: {
          "200": {
            description: "The user after the change",
            content: {
              "application/json": {
                schema: {
                  ...user,
                  properties: {
                    ...user.properties,
                    changed: { type: "boolean" },
                    sessionsEnded: { type: "integer" },
                    tokensRevoked: { type: "integer" },
                  },
                },
              },
            },
          },
          "400": errorResponse("Malformed JSON"),
          "401": errorResponse("No valid token"),
          "403": errorResponse("The token's role is below admin"),
          "404": errorResponse("`user_not_found`: no such user"),
          "409": errorResponse("`last_admin`: the change would leave no active admin"),
          "413": errorResponse("Body larger than 4 KB"),
          "415": errorResponse("Body is not JSON"),
          "422": errorResponse("`invalid_body`: invalid fields; `error.fields` names each"),
        },
      },
    },
    "/api/v1/tokens": {
      get: {
        summary:
          "List API tokens with who made each, expiry and last use (admin); never the token itself",
        responses: {
          "200": {
            description: "The tokens, newest first",
            content: {
              "application/json": {
                schema: { type: "object", properties: { tokens: { type: "array", items: token } } },
              },
            },
          },
          "401": errorResponse("No valid token"),
          "403": errorResponse("The token's role is below admin"),
        },
      },
    },
  };
}
