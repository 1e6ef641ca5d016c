// Ops teams script what they do often: every server action of the UI has an API twin (issue 18),
// or a written reason why it makes no sense over the API. A new action without a row here fails;
// so does a row whose route is missing from disk or from the OpenAPI document, or whose route
// checks another role than the action does.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/openapi/document";
import { SERVER_ACTION_ACCESS } from "./server-action-roles";

type Twin =
  | { api: `${"GET" | "POST" | "PUT" | "PATCH" | "DELETE"} /api/v1/${string}` }
  | { exempt: string };

const ENV = "/api/v1/environments/{envId}";

/** Key: "<file>#<exported action>", as in lib/security/server-action-roles.ts. */
const TWINS: Record<string, Twin> = {
  "lib/gateway/actions.ts#createGatewayAction": { api: "POST /api/v1/gateways" },
  "lib/gateway/actions.ts#updateGatewaySettingsAction": {
    api: "PUT /api/v1/gateways/{gatewayId}",
  },
  "lib/environment/actions.ts#setRenewalLeadAction": { api: `PATCH ${ENV}` },
  "lib/ca-change/actions.ts#recordClientCaChangeAction": {
    api: `POST ${ENV}/client-ca-changes`,
  },
  "lib/server-chain-change/actions.ts#planServerChainChangeAction": {
    api: `POST ${ENV}/server-chain-changes`,
  },
  "lib/server-chain-change/actions.ts#recordServerChainNotifiedAction": {
    api: `POST ${ENV}/server-chain-changes/{changeId}/notify`,
  },
  "lib/server-chain-change/actions.ts#recordServerChainAcknowledgedAction": {
    api: `POST ${ENV}/server-chain-changes/{changeId}/acknowledge`,
  },
  "lib/server-chain-change/actions.ts#markServerChainSwitchedAction": {
    api: `POST ${ENV}/server-chain-changes/{changeId}/switch`,
  },
  "lib/server-chain-change/actions.ts#cancelServerChainChangeAction": {
    api: `POST ${ENV}/server-chain-changes/{changeId}/cancel`,
  },
  "lib/certificate/actions.ts#importCertificateAction": { api: `POST ${ENV}/certificates` },
  "lib/certificate/actions.ts#revokeCertificateAction": {
    api: `POST ${ENV}/certificates/{certificateId}/revoke`,
  },
  "lib/checklist/actions.ts#tickChecklistItemAction": { api: `PUT ${ENV}/checklist/{item}` },
  "lib/checklist/actions.ts#untickChecklistItemAction": {
    api: `DELETE ${ENV}/checklist/{item}`,
  },
  // The UI registers a renewal's CSR and links it in one action; the API does it in two calls
  // (POST …/csrs, then POST …/renewals/{renewalId}/csr).
  "lib/csr/actions.ts#registerCsrAction": { api: `POST ${ENV}/csrs` },
  "lib/csr/actions.ts#submitCsrAction": { api: `POST ${ENV}/csrs/{csrId}/submit` },
  "lib/csr/actions.ts#cancelCsrAction": { api: `POST ${ENV}/csrs/{csrId}/cancel` },
  "lib/probe/actions.ts#addProbeTargetAction": { api: `POST ${ENV}/probes` },
  "lib/probe/actions.ts#removeProbeTargetAction": { api: `DELETE ${ENV}/probes/{targetId}` },
  "lib/probe/actions.ts#setProbeDailyAction": { api: `PATCH ${ENV}/probes/{targetId}` },
  "lib/probe/actions.ts#runProbeAction": { api: `POST ${ENV}/probes/{targetId}/run` },
  "lib/renewal/actions.ts#startRenewalAction": { api: `POST ${ENV}/renewals` },
  "lib/renewal/actions.ts#submitRenewalAction": {
    api: `POST ${ENV}/renewals/{renewalId}/submit`,
  },
  "lib/renewal/actions.ts#deployRenewalAction": {
    api: `POST ${ENV}/renewals/{renewalId}/deploy`,
  },
  "lib/renewal/actions.ts#retireRenewalAction": {
    api: `POST ${ENV}/renewals/{renewalId}/retire`,
  },
  "lib/signing-key/actions.ts#registerSigningKeyAction": { api: `POST ${ENV}/signing-keys` },
  "lib/signing-key/actions.ts#markSigningKeyOnboardedAction": {
    api: `POST ${ENV}/signing-keys/{keyId}/onboarded`,
  },
  "lib/signing-key/actions.ts#retireSigningKeyAction": {
    api: `POST ${ENV}/signing-keys/{keyId}/retire`,
  },
  "lib/signing-key/token-endpoint-actions.ts#setTokenEndpointAction": {
    api: `PUT ${ENV}/oauth-token-endpoint`,
  },
  "lib/trust-store/actions.ts#addTrustEntriesAction": {
    api: `POST ${ENV}/trust-stores/{kind}`,
  },
  "lib/trust-store/actions.ts#removeTrustEntryAction": {
    api: `DELETE ${ENV}/trust-stores/{kind}/{entryId}`,
  },
  "lib/installation/actions.ts#addInstallationAction": {
    api: "POST /api/v1/installations",
  },
  "lib/installation/actions.ts#updateInstallationAction": {
    api: "PATCH /api/v1/installations/{installationId}",
  },
  "lib/installation/actions.ts#removeInstallationAction": {
    api: "DELETE /api/v1/installations/{installationId}",
  },
  "lib/custody/actions.ts#assignCustodianAction": { api: `POST ${ENV}/custodians` },
  "lib/custody/actions.ts#removeCustodianAction": { api: `DELETE ${ENV}/custodians/{userId}` },
  "lib/custody/actions.ts#acknowledgeCustodyAction": {
    exempt:
      "A custodian's acknowledgement of their duties is that person's own act, signed in; an API token is not a person, so no token may acknowledge for anyone.",
  },
  "lib/review/actions.ts#recordReviewAction": { api: "POST /api/v1/reviews" },
  "lib/reminder/actions.ts#acknowledgeAction": { api: "POST /api/v1/reminders/ack" },
  "lib/reminder/actions.ts#snoozeAction": { api: "POST /api/v1/reminders/snooze" },
  "lib/reminder/actions.ts#markReadAction": { api: "POST /api/v1/notifications/read" },

  "lib/auth/admin-actions.ts#createUserAction": {
    exempt:
      "Credentials are minted only by a signed-in admin (with their second factor) or on the server's console (`npm run admin`): a leaked token must not be able to create accounts.",
  },
  "lib/auth/admin-actions.ts#createTokenAction": {
    exempt:
      "Credentials are minted only by a signed-in admin (with their second factor) or on the server's console (`npm run admin`): a leaked token must not be able to mint its own successors.",
  },
  "lib/auth/admin-actions.ts#changeUserRoleAction": { api: "PATCH /api/v1/users/{userId}" },
  "lib/auth/admin-actions.ts#disableUserAction": { api: "PATCH /api/v1/users/{userId}" },
  "lib/auth/admin-actions.ts#enableUserAction": { api: "PATCH /api/v1/users/{userId}" },
  "lib/auth/admin-actions.ts#revokeTokenAction": {
    exempt:
      "Token management stays with credential minting (admin pages and `npm run admin`), and revoking the token in use would lock the script out mid-run.",
  },
  "lib/auth/session-actions.ts#revokeSessionAction": {
    exempt:
      "Browser sessions belong to the person signed in; an API token has no session, and its holder is not that person.",
  },
  "lib/auth/session-actions.ts#revokeOtherSessionsAction": {
    exempt:
      "Browser sessions belong to the person signed in; an API token has no session, and its holder is not that person.",
  },
  "lib/calendar/actions.ts#createFeedAction": {
    exempt:
      "The feed is a personal secret URL for a calendar app, tied to a person; a token holder reads the same calendar from GET /api/v1/calendar.ics.",
  },
  "lib/calendar/actions.ts#revokeFeedAction": {
    exempt:
      "The feed is a personal secret URL for a calendar app, tied to a person; a token holder reads the same calendar from GET /api/v1/calendar.ics.",
  },
  "lib/theme/actions.ts#setTheme": {
    exempt: "It sets the browser's theme cookie: there is no browser on the API.",
  },
  "lib/auth/setup-actions.ts#setupAction": {
    exempt:
      "First run only, before any user or token exists: it needs the one-time code from the server log, so no API token could call it.",
  },
};

const ROOT = path.resolve(__dirname, "../..");
const SKIP = new Set(["node_modules", ".next", "generated"]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|js|jsx|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)
      ? [full]
      : [];
  });
}

/** Every exported function of every module-level "use server" file: the UI's server actions. */
function serverActions(): string[] {
  const out: string[] = [];
  for (const full of ["app", "components", "lib"].flatMap((d) => sourceFiles(path.join(ROOT, d)))) {
    const text = fs.readFileSync(full, "utf8");
    if (!text.includes("use server")) continue;
    const file = ts.createSourceFile(full, text, ts.ScriptTarget.Latest, true);
    const first = file.statements[0];
    if (
      !first ||
      !ts.isExpressionStatement(first) ||
      !ts.isStringLiteral(first.expression) ||
      first.expression.text !== "use server"
    )
      continue;
    const rel = path.relative(ROOT, full).split(path.sep).join("/");
    const exported = (node: ts.Node) =>
      ts.canHaveModifiers(node) &&
      !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    for (const statement of file.statements) {
      if (ts.isFunctionDeclaration(statement) && exported(statement))
        out.push(`${rel}#${statement.name?.text ?? "default"}`);
      if (ts.isVariableStatement(statement) && exported(statement))
        for (const d of statement.declarationList.declarations)
          out.push(`${rel}#${d.name.getText(file)}`);
    }
  }
  return out.sort();
}

const routeFile = (apiPath: string) =>
  path.join(ROOT, "app", apiPath.replace(/\{(\w+)\}/g, "[$1]"), "route.ts");

/** The role a route handler's method checks: `export const POST = apiRoute("<role>", …)` (lib/security/route-guards.test.ts requires that form). */
function routeRole(source: string, method: string): string | null {
  return (
    new RegExp(`export const ${method} = apiRoute(?:<[^>]*>)?\\(\\s*"(\\w+)"`).exec(source)?.[1] ??
    null
  );
}

describe("every server action has an API twin", () => {
  const actions = serverActions();

  it("finds the actions (the scan works)", () => {
    expect(actions).toContain("lib/probe/actions.ts#runProbeAction");
    expect(actions.length).toBeGreaterThan(30);
  });

  it("has exactly one row per action: a new action needs its API twin or a written exemption here", () => {
    expect(actions).toEqual(Object.keys(TWINS).sort());
  });

  it("names, for each twin, a method of a route on disk that is in the OpenAPI document", () => {
    const doc = openApiDocument("http://localhost") as {
      paths: Record<string, Record<string, unknown>>;
    };
    const problems: string[] = [];
    for (const [action, twin] of Object.entries(TWINS)) {
      if (!("api" in twin)) continue;
      const [method, apiPath] = twin.api.split(" ") as [string, string];
      if (!doc.paths[apiPath]?.[method.toLowerCase()])
        problems.push(`${action}: ${twin.api} is not in the OpenAPI document`);
      const file = routeFile(apiPath);
      if (!fs.existsSync(file)) {
        problems.push(`${action}: no route file ${path.relative(ROOT, file)}`);
        continue;
      }
      if (
        !new RegExp(`export (const|async function) ${method}\\b`).test(
          fs.readFileSync(file, "utf8"),
        )
      )
        problems.push(`${action}: ${path.relative(ROOT, file)} has no ${method}`);
    }
    expect(problems).toEqual([]);
  });

  it("checks, in each twin, the role the action checks", () => {
    const problems: string[] = [];
    for (const [action, twin] of Object.entries(TWINS)) {
      if (!("api" in twin)) continue;
      const [method, apiPath] = twin.api.split(" ") as [string, string];
      const file = routeFile(apiPath);
      if (!fs.existsSync(file)) continue; // reported above
      const expected = SERVER_ACTION_ACCESS[action]?.role;
      const actual = routeRole(fs.readFileSync(file, "utf8"), method);
      if (actual !== expected)
        problems.push(
          `${action}: the action needs ${expected}, ${twin.api} checks ${actual ?? '(unknown: use apiRoute("<role>", …))'}`,
        );
    }
    expect(problems).toEqual([]);
  });

  it("says why, for each exemption", () => {
    const short = Object.entries(TWINS)
      .filter(([, twin]) => "exempt" in twin && twin.exempt.trim().length < 40)
      .map(([action]) => action);
    expect(short).toEqual([]);
  });
});
