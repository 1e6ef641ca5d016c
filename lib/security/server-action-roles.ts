// Who may call each server action. A server action is a public POST endpoint: anyone who can
// reach the app can call it with a crafted request, whatever the UI shows. So each one checks
// the caller's role itself, first thing (`actorFor(role)`, or `getCurrentUser()` for an action
// on the caller's own data that any signed-in user may use; lib/auth/session.ts).
//
// Every exported function of every "use server" module must have a row here:
// - lib/security/server-actions.test.ts reads the sources and checks that each action starts
//   with `const actor = await actorFor("<role>"); if (!actor) return …;` for the role below;
// - e2e/security.spec.ts reads the build's action manifest, calls every action as each role
//   without the UI, and checks that roles below the row's are refused.
// See docs/decisions/0006-security-headers.md.

export type ActionAccess =
  | { role: "viewer" | "operator" | "admin" }
  /** Callable without signing in, on purpose; `why` says what protects it instead. */
  | { role: "public"; why: string };

/** Key: "<file under the project root>#<exported name>". */
export const SERVER_ACTION_ACCESS: Readonly<Record<string, ActionAccess>> = {
  "app/(app)/admin/actions.ts#createUserAction": { role: "admin" },
  "app/(app)/admin/actions.ts#createTokenAction": { role: "admin" },
  "app/(app)/admin/actions.ts#revokeTokenAction": { role: "admin" },
  "app/(app)/admin/actions.ts#changeUserRoleAction": { role: "admin" },
  "app/(app)/admin/actions.ts#disableUserAction": { role: "admin" },
  "app/(app)/admin/actions.ts#enableUserAction": { role: "admin" },
  "app/(app)/gateways/actions.ts#createGatewayAction": { role: "admin" },
  "app/(app)/gateways/actions.ts#updateGatewaySettingsAction": { role: "admin" },
  "app/(app)/gateways/[merchantGatewayId]/[env]/actions.ts#setRenewalLeadAction": { role: "admin" },
  "app/(app)/gateways/[merchantGatewayId]/[env]/ca-changes/actions.ts#recordClientCaChangeAction": {
    role: "operator",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/checklist/actions.ts#tickChecklistItemAction": {
    role: "operator",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/checklist/actions.ts#untickChecklistItemAction": {
    role: "operator",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/csrs/actions.ts#registerCsrAction": {
    role: "operator",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/csrs/actions.ts#submitCsrAction": {
    role: "operator",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/csrs/actions.ts#cancelCsrAction": {
    role: "operator",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/certificates/actions.ts#importCertificateAction": {
    role: "operator",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/certificates/actions.ts#revokeCertificateAction": {
    role: "operator",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/trust-stores/actions.ts#addTrustEntriesAction": {
    role: "operator",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/trust-stores/actions.ts#removeTrustEntryAction": {
    role: "operator",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/signing-keys/actions.ts#registerSigningKeyAction": {
    role: "operator",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/signing-keys/actions.ts#markSigningKeyOnboardedAction":
    { role: "operator" },
  "app/(app)/gateways/[merchantGatewayId]/[env]/signing-keys/actions.ts#retireSigningKeyAction": {
    role: "operator",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/signing-keys/token-endpoint-actions.ts#setTokenEndpointAction":
    { role: "admin" },
  "app/(app)/gateways/[merchantGatewayId]/[env]/renewals/actions.ts#startRenewalAction": {
    role: "operator",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/renewals/actions.ts#submitRenewalAction": {
    role: "operator",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/renewals/actions.ts#deployRenewalAction": {
    role: "operator",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/renewals/actions.ts#retireRenewalAction": {
    role: "operator",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/ca-changes/server-chain-actions.ts#planServerChainChangeAction":
    { role: "operator" },
  "app/(app)/gateways/[merchantGatewayId]/[env]/ca-changes/server-chain-actions.ts#recordServerChainNotifiedAction":
    { role: "operator" },
  "app/(app)/gateways/[merchantGatewayId]/[env]/ca-changes/server-chain-actions.ts#recordServerChainAcknowledgedAction":
    { role: "operator" },
  // Operators switch once Thales was notified; only an admin may override that (checked in lib/server-chain-change).
  "app/(app)/gateways/[merchantGatewayId]/[env]/ca-changes/server-chain-actions.ts#markServerChainSwitchedAction":
    { role: "operator" },
  "app/(app)/gateways/[merchantGatewayId]/[env]/ca-changes/server-chain-actions.ts#cancelServerChainChangeAction":
    { role: "operator" },
  // Probes open connections from our server: only admins choose the targets; operators run them.
  "app/(app)/gateways/[merchantGatewayId]/[env]/probes/actions.ts#addProbeTargetAction": {
    role: "admin",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/probes/actions.ts#removeProbeTargetAction": {
    role: "admin",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/probes/actions.ts#setProbeDailyAction": {
    role: "admin",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/probes/actions.ts#runProbeAction": {
    role: "operator",
  },
  // Installations (issue 17): operators record where keys and certificates are deployed.
  "app/(app)/gateways/[merchantGatewayId]/[env]/custody/installation-actions.ts#addInstallationAction":
    { role: "operator" },
  "app/(app)/gateways/[merchantGatewayId]/[env]/custody/installation-actions.ts#updateInstallationAction":
    { role: "operator" },
  "app/(app)/gateways/[merchantGatewayId]/[env]/custody/installation-actions.ts#removeInstallationAction":
    { role: "operator" },
  // Only admins name custodians; a custodian (any role) acknowledges their own duties (checked in lib/custody).
  "app/(app)/gateways/[merchantGatewayId]/[env]/custody/actions.ts#assignCustodianAction": {
    role: "admin",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/custody/actions.ts#removeCustodianAction": {
    role: "admin",
  },
  "app/(app)/gateways/[merchantGatewayId]/[env]/custody/actions.ts#acknowledgeCustodyAction": {
    role: "viewer",
  },
  // The yearly review of the inventory (PCI DSS 12.3.3): admins only.
  "app/(app)/reports/actions.ts#recordReviewAction": { role: "admin" },
  // Any signed-in user, on their own notifications and calendar feed.
  "app/(app)/notifications/actions.ts#markReadAction": { role: "viewer" },
  "app/(app)/notifications/actions.ts#acknowledgeAction": { role: "operator" },
  "app/(app)/notifications/actions.ts#snoozeAction": { role: "operator" },
  "app/(app)/calendar/actions.ts#createFeedAction": { role: "viewer" },
  "app/(app)/calendar/actions.ts#revokeFeedAction": { role: "viewer" },
  // Any signed-in user, on their own sessions (lib/auth/sessions.ts).
  "app/(app)/account/actions.ts#revokeSessionAction": { role: "viewer" },
  "app/(app)/account/actions.ts#revokeOtherSessionsAction": { role: "viewer" },
  "app/actions/theme.ts#setTheme": {
    role: "public",
    why: "It only sets or clears the caller's own `theme` cookie; it reads and writes no data.",
  },
  "app/setup/actions.ts#setupAction": {
    role: "public",
    why: "First run only: it needs the one-time setup code printed in the server log, and refuses once any user exists (lib/auth/setup.ts, under an advisory lock).",
  },
};
