import "server-only";
import type { BetterAuthPlugin, ValidateUserInfoResult, ValidateUserInfoSource } from "better-auth";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import type { Db } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import type { Actor, Role } from "./actor";
import { isEmergencyAdmin } from "./local-sign-in";
import {
  claimValues,
  OIDC_PROVIDER_ID,
  oidcConfigFromEnv,
  roleFor,
  type OidcConfig,
  type RoleDecision,
} from "./oidc-config";
import { needsSetup } from "./setup";
import { disabledMessage, disabledSsoCode } from "./disabled-message";

/**
 * Single sign-on with any OpenID Connect provider (Okta, Entra ID, Keycloak…), through
 * better-auth's genericOAuth plugin with discovery. The provider's groups claim decides the
 * role at every sign-in. See docs/decisions/0009-single-sign-on.md.
 */

/** Who changes a user when the identity provider decides: shown in the audit trail. */
const oidcActor = (config: OidcConfig): Actor => ({
  type: "system",
  id: null,
  label: `oidc:${new URL(config.issuer).host}`,
  role: "admin",
});

type Granted = Extract<RoleDecision, { role: Role }>;

/** Sets the user's role to the one the provider's groups give; audited when it changes. */
export async function syncOidcRole(
  db: Db,
  actor: Actor,
  userId: string,
  decision: Granted,
): Promise<{ from: Role; to: Role } | null> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { email: true, role: true },
    });
    if (!user || user.role === decision.role) return null;
    await tx.user.update({ where: { id: userId }, data: { role: decision.role } });
    await appendAudit(tx, actor, {
      action: "user.role.change",
      objectType: "user",
      objectId: userId,
      summary: {
        email: user.email,
        from: user.role,
        to: decision.role,
        source: "oidc",
        group: decision.matched,
      },
    });
    return { from: user.role, to: decision.role };
  });
}

const refuse = (error: string, errorDescription: string): ValidateUserInfoResult => ({
  error,
  errorDescription,
});

/** Role mapping and provisioning rules, as a better-auth plugin (validateUserInfo + user hooks). */
function oidcRoles(config: OidcConfig, getDb: () => Promise<Db>): BetterAuthPlugin {
  const actor = oidcActor(config);
  // The role decided in validateUserInfo("create-user"), picked up by the user-create hooks of
  // the same request (better-auth ignores `role` from a profile: it is not an input field).
  const decidedForNewUser = new Map<string, Granted>();
  const createdByOidc = new Map<string, Granted>();

  async function validateUserInfo(data: {
    user: Record<string, unknown>;
    source: ValidateUserInfoSource;
  }): Promise<ValidateUserInfoResult | undefined> {
    const { user, source } = data;
    if (source.method !== "oauth" || source.oauth?.providerId !== OIDC_PROVIDER_ID) return;
    const email = String(user.email ?? "").toLowerCase();
    const decision = roleFor(
      config.roleMap,
      claimValues(source.oauth.profile ?? {}, config.roleClaim),
    );
    if (!decision.role) {
      console.warn(
        `[oidc] sign-in refused for ${email}: no role for ${config.roleClaim} [${decision.values.join(", ")}] in OIDC_ROLE_MAP`,
      );
      return refuse(
        "oidc_no_role",
        `None of your ${config.roleClaim} at the identity provider gives a role in this dashboard.`,
      );
    }
    const prisma = await getDb();
    if (source.action === "create-user") {
      if (await needsSetup(prisma)) {
        console.warn(`[oidc] sign-in refused for ${email}: the first-run setup is not finished`);
        return refuse("oidc_setup_pending", "The first-run setup is not finished.");
      }
      decidedForNewUser.set(email, decision);
      return;
    }
    // "sign-in" (an account already linked) or "link-account" (a local user with that email).
    const userId = typeof user.id === "string" ? user.id : null;
    if (!userId) return refuse("oidc_no_user", "The user could not be identified.");
    const status = await prisma.user.findUnique({
      where: { id: userId },
      select: { disabledAt: true, disabledReason: true, lastSeenAt: true, createdAt: true },
    });
    if (status?.disabledAt) {
      console.warn(
        `[oidc] sign-in refused for ${email}: the account is disabled (${status.disabledReason ?? "admin"})`,
      );
      return refuse(disabledSsoCode(status), disabledMessage(status));
    }
    if (await isEmergencyAdmin(prisma, userId)) {
      console.warn(
        `[oidc] sign-in refused for ${email}: an emergency admin signs in with its password only`,
      );
      return refuse("oidc_emergency_account", "This is an emergency administrator account.");
    }
    const changed = await syncOidcRole(prisma, actor, userId, decision);
    if (changed)
      console.info(
        `[oidc] role of ${email} changed from ${changed.from} to ${changed.to} (${config.roleClaim}: ${decision.matched})`,
      );
  }

  return {
    id: "d1-oidc-roles",
    init: () => ({
      options: {
        user: { validateUserInfo },
        // Errors before better-auth knows the caller's errorCallbackURL land on the sign-in page too.
        onAPIError: { errorURL: "/sign-in" },
        databaseHooks: {
          user: {
            create: {
              // Only single sign-on creates users through better-auth (sign-up is disabled; the
              // setup page, the admin page and the CLI insert users themselves). Fail closed.
              before: async (user) => {
                const email = String(user.email ?? "").toLowerCase();
                const decision = decidedForNewUser.get(email);
                decidedForNewUser.delete(email);
                if (!decision) return false;
                createdByOidc.set(email, decision);
                return { data: { ...user, role: decision.role } };
              },
              after: async (user) => {
                const email = String(user.email ?? "").toLowerCase();
                const decision = createdByOidc.get(email);
                createdByOidc.delete(email);
                if (!decision) return;
                const prisma = await getDb();
                await prisma.$transaction((tx) =>
                  appendAudit(tx, actor, {
                    action: "user.create",
                    objectType: "user",
                    objectId: user.id,
                    summary: {
                      email,
                      role: decision.role,
                      source: "oidc",
                      group: decision.matched,
                    },
                  }),
                );
                console.info(
                  `[oidc] created ${email} with role ${decision.role} (${config.roleClaim}: ${decision.matched})`,
                );
              },
            },
          },
        },
      },
    }),
  };
}

/** The plugins for single sign-on, or none when OIDC_* is not set. Throws on a bad setting. */
export function oidcPlugins(getDb: () => Promise<Db>): BetterAuthPlugin[] {
  const config = oidcConfigFromEnv();
  if (!config) return [];
  return [
    genericOAuth({
      config: [
        {
          providerId: OIDC_PROVIDER_ID,
          name: config.buttonLabel,
          discoveryUrl: config.discoveryUrl,
          requireIdTokenVerification: true,
          clientId: config.clientId,
          clientSecret: config.clientSecret,
          scopes: config.scopes,
          pkce: true,
        },
      ],
    }),
    oidcRoles(config, getDb),
  ];
}

/** What the sign-in page needs: the button's label, or null without single sign-on. */
export function ssoButton(): { label: string } | null {
  try {
    const config = oidcConfigFromEnv();
    return config ? { label: config.buttonLabel } : null;
  } catch {
    return null;
  }
}
