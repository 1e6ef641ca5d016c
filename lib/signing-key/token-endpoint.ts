// D1's OAuth token endpoint per environment: the `aud` of the client assertion (RFC 7523) and the
// URL the JWT bearer grant is posted to. Isomorphic: the page and the API share it.
import { z } from "zod";

/**
 * The public OAuth servers the partner lists (DOMAIN.md). The partner's page names "Production"
 * and "Staging"; it has no "PreProd", so PPR takes Staging: an assumption shown in the UI and
 * written down in ADR 0025, and the reason an admin can set the endpoint per environment.
 */
export const PARTNER_OAUTH_SERVERS = {
  PRD: { label: "Production", base: "https://api.d1.thalescloud.io/authz/v1" },
  PPR: { label: "Staging", base: "https://api.d1-stg.thalescloud.io/authz/v1" },
} as const;
export const TOKEN_PATH = "/oauth2/token";
export const TOKEN_ENDPOINT_MAX_LENGTH = 2048;

export type EnvCode = keyof typeof PARTNER_OAUTH_SERVERS;

/** The partner's token endpoint for this environment. */
export const defaultTokenEndpoint = (code: EnvCode) =>
  `${PARTNER_OAUTH_SERVERS[code].base}${TOKEN_PATH}`;

/** What the environment uses: its own setting, or the partner's default. */
export function effectiveTokenEndpoint(environment: {
  code: EnvCode;
  oauthTokenEndpoint: string | null;
}) {
  const custom = environment.oauthTokenEndpoint;
  return {
    url: custom ?? defaultTokenEndpoint(environment.code),
    custom: custom !== null,
    default: defaultTokenEndpoint(environment.code),
    partnerServer: PARTNER_OAUTH_SERVERS[environment.code].label,
  };
}

/** Why a URL is not a token endpoint, or null when it is one. */
export function tokenEndpointProblem(value: string): string | null {
  if (value.length > TOKEN_ENDPOINT_MAX_LENGTH)
    return `The URL must be at most ${TOKEN_ENDPOINT_MAX_LENGTH} characters.`;
  if (/\s/.test(value)) return "The URL must not contain spaces.";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter a full URL, such as https://api.d1-stg.thalescloud.io/authz/v1/oauth2/token.";
  }
  if (url.protocol !== "https:")
    return "The token endpoint must use https: the assertion and the token travel over it.";
  if (!url.hostname) return "The URL has no host name.";
  if (url.username || url.password) return "The URL must not carry a user name or password.";
  // RFC 6749 §3.2: the endpoint URI MUST NOT include a fragment component.
  if (url.hash || value.includes("#")) return "A token endpoint has no #fragment (RFC 6749 §3.2).";
  return null;
}

/** The setting as the form and the API send it: a https URL, or blank/null for the partner's default. */
export const tokenEndpointSchema = z.object({
  oauthTokenEndpoint: z.preprocess(
    (value) => (typeof value === "string" ? (value.trim() === "" ? null : value.trim()) : value),
    z
      .string({ error: "Enter a https URL, or leave it blank for the partner's default." })
      .superRefine((value, ctx) => {
        const problem = tokenEndpointProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .nullable(),
  ),
});
export type TokenEndpointInput = z.infer<typeof tokenEndpointSchema>;
