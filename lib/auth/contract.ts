import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";
import { userChangeSchema } from "./lifecycle";

/** The password sign-in endpoint (better-auth's, behind app/api/auth/[...all]/route.ts) and its refusals. */
const authError = (description: string, codes: string[]) => ({
  description: `${description} (code: ${codes.join(" or ")})`,
  content: {
    "application/json": {
      schema: z.object({ code: z.enum(codes), message: z.string() }),
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
              schema: z.object({
                email: z.string(),
                password: z.string().min(12).max(256),
                callbackURL: z.string().optional(),
              }),
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

const date = z.iso.datetime().nullable();

/** A user as the API shows it (toUserDto in ./dto.ts returns exactly this). */
export const userDto = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(["viewer", "operator", "admin"]),
    status: z.enum(["active", "disabled"]),
    disabledAt: date,
    disabledReason: z
      .enum(["admin", "inactive"])
      .nullable()
      .describe("inactive: disabled by the USER_INACTIVE_DAYS sweep"),
    lastSignInAt: date,
    createdAt: z.iso.datetime(),
    liveTokens: z.int().describe("API tokens this user made that still work"),
  })
  .meta({ id: "User" });
export type UserDto = z.infer<typeof userDto>;
const user = userDto;

/** An API token as the API shows it (toTokenDto in ./dto.ts returns exactly this). */
export const tokenDto = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(["viewer", "operator", "admin"]),
    createdBy: z
      .string()
      .nullable()
      .describe(
        "Who made it, as the audit trail names them (email, or cli:<login>); null for tokens made before this was recorded",
      ),
    createdAt: z.iso.datetime(),
    expiresAt: date.describe("null: never expires (only an admin can make such a token)"),
    lastUsedAt: date,
    revokedAt: date,
    status: z.enum(["active", "expired", "revoked"]),
  })
  .meta({ id: "ApiToken" });
export type TokenDto = z.infer<typeof tokenDto>;
const token = tokenDto;

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
                schema: z.object({ users: z.array(user).optional() }),
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
        parameters: [{ name: "userId", in: "path", required: true, schema: z.string() }],
        requestBody: {
          required: true,
          content: { "application/json": { schema: userChangeSchema } },
        },
        responses: {
          "200": {
            description: "The user after the change",
            content: {
              "application/json": {
                schema: user.extend({
                  changed: z.boolean().optional(),
                  sessionsEnded: z.int().optional(),
                  tokensRevoked: z.int().optional(),
                }),
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
                schema: z.object({ tokens: z.array(token).optional() }),
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
