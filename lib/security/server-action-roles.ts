// Who may call each server action. A server action is a public POST endpoint: anyone who can
// reach the app can call it with a crafted request, whatever the UI shows. So each one checks
// the caller's role itself, first thing (`actionContext(role)`, lib/auth/action-context.ts;
// "viewer" for an action on the caller's own data that any signed-in user may use).
//
// Every exported function of every "use server" module must have a row here:
// - lib/security/server-actions.test.ts reads the sources and checks that each action starts
//   with `const ctx = await actionContext("<role>"); if (!ctx) return …;` for the role below;
// - e2e/security.spec.ts reads the build's action manifest, calls every action as each role
//   without the UI, and checks that roles below the row's are refused.
// See docs/decisions/0006-security-headers.md.

export type ActionAccess =
  | { role: "viewer" | "operator" | "admin" }
  /** Callable without signing in, on purpose; `why` says what protects it instead. */
  | { role: "public"; why: string };

/** Key: "<file under the project root>#<exported name>". */
export const SERVER_ACTION_ACCESS: Readonly<Record<string, ActionAccess>> = {
  "lib/auth/admin-actions.ts#createUserAction": { role: "admin" },
  "lib/auth/admin-actions.ts#createTokenAction": { role: "admin" },
  "lib/auth/admin-actions.ts#revokeTokenAction": { role: "admin" },
  "lib/auth/admin-actions.ts#changeUserRoleAction": { role: "admin" },
  "lib/auth/admin-actions.ts#disableUserAction": { role: "admin" },
  "lib/auth/admin-actions.ts#enableUserAction": { role: "admin" },
  "lib/gateway/actions.ts#createGatewayAction": { role: "admin" },
  "lib/gateway/actions.ts#updateGatewaySettingsAction": { role: "admin" },
  "lib/environment/actions.ts#setRenewalLeadAction": { role: "admin" },
  "lib/ca-change/actions.ts#recordClientCaChangeAction": {
    role: "operator",
  },
  "lib/checklist/actions.ts#tickChecklistItemAction": {
    role: "operator",
  },
  "lib/checklist/actions.ts#untickChecklistItemAction": {
    role: "operator",
  },
  "lib/csr/actions.ts#registerCsrAction": {
    role: "operator",
  },
  "lib/csr/actions.ts#submitCsrAction": {
    role: "operator",
  },
  "lib/csr/actions.ts#cancelCsrAction": {
    role: "operator",
  },
  "lib/certificate/actions.ts#importCertificateAction": {
    role: "operator",
  },
  "lib/certificate/actions.ts#revokeCertificateAction": {
    role: "operator",
  },
  "lib/trust-store/actions.ts#addTrustEntriesAction": {
    role: "operator",
  },
  "lib/trust-store/actions.ts#removeTrustEntryAction": {
    role: "operator",
  },
  "lib/signing-key/actions.ts#registerSigningKeyAction": {
    role: "operator",
  },
  "lib/signing-key/actions.ts#markSigningKeyOnboardedAction": { role: "operator" },
  "lib/signing-key/actions.ts#retireSigningKeyAction": {
    role: "operator",
  },
  "lib/signing-key/token-endpoint-actions.ts#setTokenEndpointAction": { role: "admin" },
  "lib/renewal/actions.ts#startRenewalAction": {
    role: "operator",
  },
  "lib/renewal/actions.ts#submitRenewalAction": {
    role: "operator",
  },
  "lib/renewal/actions.ts#deployRenewalAction": {
    role: "operator",
  },
  "lib/renewal/actions.ts#retireRenewalAction": {
    role: "operator",
  },
  "lib/server-chain-change/actions.ts#planServerChainChangeAction": { role: "operator" },
  "lib/server-chain-change/actions.ts#recordServerChainNotifiedAction": { role: "operator" },
  "lib/server-chain-change/actions.ts#recordServerChainAcknowledgedAction": { role: "operator" },
  // Operators switch once Thales was notified; only an admin may override that (checked in lib/server-chain-change).
  "lib/server-chain-change/actions.ts#markServerChainSwitchedAction": { role: "operator" },
  "lib/server-chain-change/actions.ts#cancelServerChainChangeAction": { role: "operator" },
  // Probes open connections from our server: only admins choose the targets; operators run them.
  "lib/probe/actions.ts#addProbeTargetAction": {
    role: "admin",
  },
  "lib/probe/actions.ts#removeProbeTargetAction": {
    role: "admin",
  },
  "lib/probe/actions.ts#setProbeDailyAction": {
    role: "admin",
  },
  "lib/probe/actions.ts#runProbeAction": {
    role: "operator",
  },
  // Installations: operators record where keys and certificates are deployed.
  "lib/installation/actions.ts#addInstallationAction": { role: "operator" },
  "lib/installation/actions.ts#updateInstallationAction": { role: "operator" },
  "lib/installation/actions.ts#removeInstallationAction": { role: "operator" },
  // Only admins name custodians; a custodian (any role) acknowledges their own duties (checked in lib/custody).
  "lib/custody/actions.ts#assignCustodianAction": {
    role: "admin",
  },
  "lib/custody/actions.ts#removeCustodianAction": {
    role: "admin",
  },
  "lib/custody/actions.ts#acknowledgeCustodyAction": {
    role: "viewer",
  },
  // The yearly review of the inventory (PCI DSS 12.3.3): admins only.
  "lib/review/actions.ts#recordReviewAction": { role: "admin" },
  // Any signed-in user, on their own notifications and calendar feed.
  "lib/reminder/actions.ts#markReadAction": { role: "viewer" },
  "lib/reminder/actions.ts#acknowledgeAction": { role: "operator" },
  "lib/reminder/actions.ts#snoozeAction": { role: "operator" },
  "lib/calendar/actions.ts#createFeedAction": { role: "viewer" },
  "lib/calendar/actions.ts#revokeFeedAction": { role: "viewer" },
  // Any signed-in user, on their own sessions (lib/auth/sessions.ts).
  "lib/auth/session-actions.ts#revokeSessionAction": { role: "viewer" },
  "lib/auth/session-actions.ts#revokeOtherSessionsAction": { role: "viewer" },
  "lib/theme/actions.ts#setTheme": {
    role: "public",
    why: "It only sets or clears the caller's own `theme` cookie; it reads and writes no data.",
  },
  "lib/auth/setup-actions.ts#setupAction": {
    role: "public",
    why: "First run only: it needs the one-time setup code printed in the server log, and refuses once any user exists (lib/auth/setup.ts, under an advisory lock).",
  },
};
