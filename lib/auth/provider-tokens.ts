import "server-only";
import type { BetterAuthPlugin } from "better-auth";

/**
 * The identity provider's access, refresh and ID tokens are not kept. better-auth stores them in
 * `account` in plain text (its `encryptOAuthTokens` leaves the ID token out), and nothing here
 * uses them: roles come from the verified profile at sign-in (lib/auth/oidc.ts), and the app
 * never calls the provider's APIs on a user's behalf. A database copy would hand them to anyone
 * who reads it. Migration 20261205130000_discard_sso_tokens empties the rows kept before.
 */
export const PROVIDER_TOKEN_PATHS = ["/get-access-token", "/refresh-token", "/account-info"];

const withoutTokens = <T extends Record<string, unknown>>(account: T) => ({
  ...account,
  accessToken: null,
  refreshToken: null,
  idToken: null,
});

export function discardProviderTokens(): BetterAuthPlugin {
  return {
    id: "d1-discard-provider-tokens",
    init: () => ({
      options: {
        databaseHooks: {
          account: {
            create: { before: async (account) => ({ data: withoutTokens(account) }) },
            update: { before: async (account) => ({ data: withoutTokens(account) }) },
          },
        },
      },
    }),
  };
}
