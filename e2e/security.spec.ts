// Security headers, CSP in a real browser, who may reach what (pages, API, server actions),
// cross-origin refusals, and the sign-in and body-size limits. See ADR 0006.
import {
  test,
  expect,
  type APIRequestContext,
  type APIResponse,
  type Page,
  type PlaywrightWorkerArgs,
} from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { ADMIN, OPERATOR, VIEWER, createToken, ensureGateway, signIn } from "./support/app";
import { SERVER_ACTION_ACCESS } from "../lib/security/server-action-roles";
import { LAYOUTS_READING_BEFORE_AUTH } from "../lib/security/route-guards";
import { ECDSA_CN, OpenSslDir, ORG, opensslSubj } from "../lib/pki/test-support/openssl";

const ADMIN_STATE = "e2e/.artifacts/admin.json";
// Request contexts inherit the file's storageState unless told otherwise.
const NO_COOKIES = { cookies: [], origins: [] };
test.use({ storageState: ADMIN_STATE });

const WHO = ["anonymous", "viewer", "operator", "admin"] as const;
type Who = (typeof WHO)[number];
type Role = "viewer" | "operator" | "admin";
const RANK: Record<Who, number> = { anonymous: -1, viewer: 0, operator: 1, admin: 2 };

let baseURL = "";
/** Cookie sessions per role (anonymous: none). */
const sessions = {} as Record<Who, APIRequestContext>;
/** API tokens per role (anonymous: none). */
const tokens: Record<Who, string | null> = {
  anonymous: null,
  viewer: null,
  operator: null,
  admin: null,
};
let gateway = { id: "", ppr: "", prd: "" };
let csrId = "";
let certificateId = "";
let renewalId = "";

const bearer = (who: Who): Record<string, string> =>
  tokens[who] ? { authorization: `Bearer ${tokens[who]}` } : {};

async function signedInContext(
  playwright: PlaywrightWorkerArgs["playwright"],
  who: { email: string; password: string },
  ip: string,
) {
  const context = await playwright.request.newContext({ baseURL, storageState: NO_COOKIES });
  // A distinct client address each, so that these sign-ins do not use up the shared per-IP budget.
  const response = await context.post("/api/auth/sign-in/email", {
    headers: { origin: baseURL, "x-forwarded-for": ip },
    data: who,
  });
  expect(response.status(), `sign in ${who.email}`).toBe(200);
  return context;
}

/** A client certificate (from a throwaway CA, for no CSR of ours) imported through the API; returns its id. */
async function importSampleCertificate(request: APIRequestContext): Promise<string> {
  const ssl = new OpenSslDir();
  try {
    ssl.run([
      "genpkey",
      "-algorithm",
      "EC",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-out",
      "ca.key",
    ]);
    ssl.run([
      "req",
      "-x509",
      "-new",
      "-key",
      "ca.key",
      "-subj",
      "/CN=Security matrix test CA",
      "-days",
      "30",
      "-out",
      "ca.pem",
    ]);
    ssl.run([
      "genpkey",
      "-algorithm",
      "EC",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-out",
      "leaf.key",
    ]);
    ssl.run([
      "req",
      "-new",
      "-key",
      "leaf.key",
      "-subj",
      "/CN=security-matrix-leaf",
      "-out",
      "leaf.csr",
    ]);
    ssl.write(
      "leaf.ext",
      "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n",
    );
    ssl.run([
      "x509",
      "-req",
      "-in",
      "leaf.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-days",
      "30",
      "-extfile",
      "leaf.ext",
      "-out",
      "leaf.pem",
    ]);
    const response = await request.post(`/api/v1/environments/${gateway.ppr}/certificates`, {
      headers: { ...bearer("operator"), "content-type": "application/x-pem-file" },
      data: ssl.read("leaf.pem"),
    });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()).id as string;
  } finally {
    ssl.cleanup();
  }
}

/** A compliant ECDSA P-256 CSR for MGW_000001/PPR, registered through the API; returns its id. */
async function registerSampleCsr(request: APIRequestContext): Promise<string> {
  const ssl = new OpenSslDir();
  try {
    ssl.run([
      "genpkey",
      "-algorithm",
      "EC",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-out",
      "k.pem",
    ]);
    ssl.run([
      "req",
      "-new",
      "-key",
      "k.pem",
      "-sha256",
      "-subj",
      opensslSubj({ ...ORG, CN: ECDSA_CN }),
      "-out",
      "r.csr",
    ]);
    const response = await request.post(`/api/v1/environments/${gateway.ppr}/csrs`, {
      headers: { ...bearer("operator"), "content-type": "application/x-pem-file" },
      data: ssl.read("r.csr"),
    });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()).id as string;
  } finally {
    ssl.cleanup();
  }
}

const RENEWALS = "/gateways/MGW_000001/PPR/renewals";

/** A renewal of the sample certificate, started as the operator through the UI's server action. */
async function startSampleRenewal(): Promise<string> {
  const start = builtActions().find((a) => a.key === "lib/renewal/actions.ts#startRenewalAction");
  if (!start) return ""; // no renewals in this build: the route tables say so, loudly
  const response = await callAction(sessions.operator, start, [certificateId, RENEWALS]);
  const target = response.headers()["x-action-redirect"] ?? "";
  const id = new RegExp(`^${RENEWALS}/([^/;?]+)`).exec(target)?.[1];
  expect(id, `startRenewalAction answered ${response.status()} ${target}`).toBeTruthy();
  return id!;
}

test.beforeAll(async ({ browser, playwright }, info) => {
  baseURL = info.project.use.baseURL!;
  const page = await browser.newPage({ storageState: ADMIN_STATE });
  for (const role of ["viewer", "operator", "admin"] as const)
    tokens[role] = await createToken(page, `security-${role}`, role);
  await page.close();
  sessions.anonymous = await playwright.request.newContext({ baseURL, storageState: NO_COOKIES });
  sessions.admin = await playwright.request.newContext({ baseURL, storageState: ADMIN_STATE });
  sessions.viewer = await signedInContext(playwright, VIEWER, "203.0.113.11");
  sessions.operator = await signedInContext(playwright, OPERATOR, "203.0.113.12");
  gateway = await ensureGateway(sessions.anonymous, tokens.admin!);
  csrId = await registerSampleCsr(sessions.anonymous);
  certificateId = await importSampleCertificate(sessions.anonymous);
  renewalId = await startSampleRenewal();
});

test.afterAll(async () => {
  for (const context of Object.values(sessions)) await context.dispose();
});

// ---------------------------------------------------------------------------------------------
// Headers
// ---------------------------------------------------------------------------------------------

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!.toLowerCase(), values] as const;
      }),
  );
}

/** Asserts every security header on a response; returns the CSP nonce. */
function expectSecurityHeaders(
  response: APIResponse,
  what: string,
  { https = false } = {},
): string {
  const h = response.headers();
  const csp = h["content-security-policy"];
  expect(csp, `${what}: Content-Security-Policy`).toBeTruthy();
  const d = directives(csp!);
  const script = d.get("script-src") ?? [];
  const nonce = script.find((v) => v.startsWith("'nonce-"))?.slice(7, -1);
  expect(nonce, `${what}: script-src nonce`).toMatch(/^[A-Za-z0-9+/]{20,}={0,2}$/);
  expect(script, `${what}: script-src`).toEqual(
    expect.arrayContaining(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]),
  );
  expect(script, `${what}: script-src`).not.toContain("'unsafe-inline'");
  expect(script, `${what}: script-src`).not.toContain("'unsafe-eval'");
  // Next and Tailwind do not need inline styles in production: the nonce covers Next's own.
  expect(d.get("style-src"), `${what}: style-src`).toEqual(["'self'", `'nonce-${nonce}'`]);
  expect(d.get("default-src"), `${what}: default-src`).toEqual(["'self'"]);
  expect(d.get("img-src"), `${what}: img-src`).toEqual(["'self'", "data:", "blob:"]);
  expect(d.get("connect-src"), `${what}: connect-src`).toEqual(["'self'"]);
  expect(d.get("object-src"), `${what}: object-src`).toEqual(["'none'"]);
  expect(d.get("base-uri"), `${what}: base-uri`).toEqual(["'none'"]);
  expect(d.get("form-action"), `${what}: form-action`).toEqual(["'self'"]);
  expect(d.get("frame-ancestors"), `${what}: frame-ancestors`).toEqual(["'none'"]);
  expect(
    d.has("upgrade-insecure-requests"),
    `${what}: upgrade-insecure-requests only over https`,
  ).toBe(https);
  for (const [name, values] of d) {
    for (const v of values)
      expect(v, `${what}: ${name} allows no wildcard or http source`).not.toMatch(
        /^(\*|https?:|'unsafe-hashes')$/,
      );
  }

  expect(["no-referrer", "strict-origin-when-cross-origin"], `${what}: Referrer-Policy`).toContain(
    h["referrer-policy"],
  );
  const permissions = h["permissions-policy"] ?? "";
  for (const feature of [
    "camera",
    "microphone",
    "geolocation",
    "payment",
    "usb",
    "serial",
    "hid",
    "midi",
    "display-capture",
  ]) {
    expect(permissions, `${what}: Permissions-Policy denies ${feature}`).toMatch(
      new RegExp(`(^|,\\s*)${feature}=\\(\\)(,|$)`),
    );
  }
  expect(h["x-content-type-options"], `${what}: X-Content-Type-Options`).toBe("nosniff");
  expect(h["x-frame-options"], `${what}: X-Frame-Options`).toBe("DENY");
  expect(h["cross-origin-opener-policy"], `${what}: Cross-Origin-Opener-Policy`).toBe(
    "same-origin",
  );
  if (https)
    expect(h["strict-transport-security"], `${what}: HSTS over https`).toBe(
      "max-age=63072000; includeSubDomains",
    );
  else expect(h["strict-transport-security"], `${what}: no HSTS over plain http`).toBeUndefined();
  return nonce!;
}

test("pages and API responses carry the security headers; HSTS only over HTTPS", async () => {
  const anonymous = sessions.anonymous;

  const page = await anonymous.get("/sign-in");
  expect(page.status()).toBe(200);
  const nonce = expectSecurityHeaders(page, "GET /sign-in");
  // Every script in the page carries this response's nonce, and only that one.
  const html = await page.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts)
    expect(tag, "a <script> without the nonce").toContain(`nonce="${nonce}"`);
  expect(html).not.toMatch(/<[a-z][^>]*\sstyle="/i); // no inline style attribute for the CSP to block

  // A fresh nonce each time; one sent by the client is never adopted.
  const again = await anonymous.get("/sign-in", {
    headers: {
      "x-nonce": "QUFBQUFBQUFBQUFBQUFBQQ==",
      "content-security-policy": "script-src 'nonce-QUFBQUFBQUFBQUFBQUFBQQ=='",
    },
  });
  const second = expectSecurityHeaders(again, "GET /sign-in with a forged nonce");
  expect(second).not.toBe(nonce);
  expect(second).not.toBe("QUFBQUFBQUFBQUFBQUFBQQ==");
  expect(await again.text()).not.toContain("QUFBQUFBQUFBQUFBQUFBQQ==");

  // Signed-in page, a redirect, the "Not allowed" page, API answers (200, 401, 403, 404).
  expectSecurityHeaders(
    await sessions.admin.get("/gateways/MGW_000001/PPR/csrs"),
    "GET a signed-in page",
  );
  const redirect = await anonymous.get("/gateways", { maxRedirects: 0 });
  expect(redirect.status()).toBe(307);
  expectSecurityHeaders(redirect, "307 to sign-in");
  const notAllowed = await sessions.viewer.get("/admin/users");
  expect(notAllowed.status()).toBe(403);
  expectSecurityHeaders(notAllowed, "403 Not allowed page");
  const health = await anonymous.get("/api/health");
  expect(health.status()).toBe(200);
  expectSecurityHeaders(health, "GET /api/health");
  const list = await anonymous.get("/api/v1/gateways", { headers: bearer("viewer") });
  expect(list.status()).toBe(200);
  expectSecurityHeaders(list, "GET /api/v1/gateways");
  const unauthenticated = await anonymous.get("/api/v1/gateways");
  expect(unauthenticated.status()).toBe(401);
  expectSecurityHeaders(unauthenticated, "401 from /api/v1");
  const forbidden = await anonymous.post("/api/v1/gateways", {
    headers: bearer("viewer"),
    data: {},
  });
  expect(forbidden.status()).toBe(403);
  expectSecurityHeaders(forbidden, "403 from /api/v1");
  const missing = await anonymous.get("/no-such-page");
  expect(missing.status()).toBe(404);
  expectSecurityHeaders(missing, "404 page");

  // Behind a TLS-terminating proxy (X-Forwarded-Proto: https), HSTS is sent.
  expectSecurityHeaders(
    await anonymous.get("/api/health", { headers: { "x-forwarded-proto": "https" } }),
    "API over https",
    { https: true },
  );
  expectSecurityHeaders(
    await anonymous.get("/sign-in", { headers: { "x-forwarded-proto": "https" } }),
    "page over https",
    { https: true },
  );
});

// ---------------------------------------------------------------------------------------------
// CSP in a real browser
// ---------------------------------------------------------------------------------------------

/** Collects CSP (and Permissions-Policy) complaints: console messages and violation events. */
async function watchViolations(page: Page) {
  const violations: string[] = [];
  const errors: string[] = [];
  await page.exposeFunction("__reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __reportCspViolation: (t: string) => void })
        .__reportCspViolation;
      report(
        `securitypolicyviolation on ${location.pathname}: ${e.effectiveDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile}:${e.lineNumber} sample=${e.sample}`,
      );
    });
  });
  page.on("console", (message) => {
    const text = message.text();
    if (
      /content.security.policy|refused to (load|execute|apply|connect|frame|create|evaluate)|permissions.policy/i.test(
        text,
      )
    ) {
      violations.push(`console.${message.type()} on ${new URL(page.url()).pathname}: ${text}`);
    }
  });
  page.on("pageerror", (error) => errors.push(`${new URL(page.url()).pathname}: ${error.message}`));
  return { violations, errors };
}

test.describe("in the browser", () => {
  test.use({ storageState: NO_COOKIES });

  test("no CSP violation: sign in, overview, gateways, an environment, CSRs, a new ECDSA CSR with its key download", async ({
    page,
  }) => {
    const { violations, errors } = await watchViolations(page);

    await signIn(page, OPERATOR);
    await expect(page.getByTestId("user-role")).toHaveText("operator");

    await page.goto("/gateways");
    await page.getByRole("link", { name: "EU card gateway", exact: true }).first().click();
    await expect(page).toHaveURL(/\/gateways\/MGW_000001$/);
    await page.getByLabel("Environments").getByRole("link").first().click();
    await expect(page.getByRole("heading", { name: /PreProd/ })).toBeVisible();
    const sections = page.getByRole("navigation", { name: "Environment sections" });
    await sections.getByRole("link", { name: "CSRs" }).click();
    await expect(page).toHaveURL(/\/gateways\/MGW_000001\/PPR\/csrs$/);
    await page.getByRole("link", { name: "New CSR" }).click();

    // As in e2e/csr-browser.spec.ts: WebCrypto key pair and CSR, then the encrypted key as a
    // blob: download.
    await page.getByRole("radio", { name: /ECDSA P-256/ }).check();
    await page.getByLabel("Country (C)").fill("FR");
    await page.getByLabel("State or province (ST)").fill("Ile-de-France");
    await page.getByLabel("Locality (L)").fill("Paris");
    await page.getByLabel("Organisation (O)").fill("Example Payments SAS");
    await page.getByLabel("Organisational unit (OU)").fill("Payments Ops");
    await expect(page.getByTestId("computed-cn")).toHaveText("TLSMA-ECDSA/MGW_000001/PPR");
    await page.getByRole("button", { name: "Generate key pair and CSR" }).click();
    await expect(page.getByTestId("local-policy-ok")).toBeVisible({ timeout: 30_000 });
    const PASSPHRASE = "security spec key passphrase";
    await page.getByLabel("Passphrase", { exact: true }).fill(PASSPHRASE);
    await page.getByLabel("Repeat the passphrase").fill(PASSPHRASE);
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download encrypted private key" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.pem$/);
    expect(fs.readFileSync((await download.path())!, "utf8")).toMatch(
      /^-----BEGIN ENCRYPTED PRIVATE KEY-----/,
    );
    await page.getByLabel(/I have saved the private key file/).check();
    await page.getByRole("button", { name: "Save CSR to the inventory" }).click();
    await expect(page.getByText("The CSR is in the inventory.")).toBeVisible();

    // Violation reports are asynchronous: give the last ones a moment to arrive.
    await page.waitForTimeout(500);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Role-by-route matrix
// ---------------------------------------------------------------------------------------------

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The URL pattern of an app/ folder: route groups "(x)" dropped, dynamic segments kept. */
function routeOf(folder: string): string {
  const segments = folder
    .split(path.sep)
    .filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith("@"));
  return `/${segments.join("/")}`;
}

/** Every page route under app/, e.g. "/gateways/[merchantGatewayId]". */
function pageRoutesOnDisk(): string[] {
  return walk("app")
    .filter((f) => /\/page\.(tsx|ts|jsx|js|mdx)$/.test(f))
    .map((f) => routeOf(path.relative("app", path.dirname(f))))
    .filter((route) => !route.split("/").some((s) => s.startsWith("_")))
    .sort();
}

/** Every "METHOD /route" handled by a route.ts under app/, read from its exports. */
function apiRoutesOnDisk(): string[] {
  const out: string[] = [];
  for (const file of walk("app").filter((f) => /\/route\.(ts|js)$/.test(f))) {
    const route = routeOf(path.relative("app", path.dirname(file)));
    const source = fs.readFileSync(file, "utf8");
    const methods = new Set<string>();
    for (const m of source.matchAll(
      /export\s+(?:async\s+)?(?:function|const|let|var)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g,
    ))
      methods.add(m[1]!);
    for (const block of source.matchAll(/export\s*\{([^}]*)\}/g)) {
      for (const part of block[1]!.split(",")) {
        const name = part
          .trim()
          .split(/\s+as\s+/)
          .pop();
        if (name && /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$/.test(name)) methods.add(name);
      }
    }
    expect(methods.size, `${file} exports no HTTP method this test can see`).toBeGreaterThan(0);
    for (const method of methods) out.push(`${method} ${route}`);
  }
  return out.sort();
}

/** Existing data for a dynamic segment. A new one needs a sample here. */
function sample(segment: string, where: string): string {
  const samples: Record<string, () => string> = {
    "[merchantGatewayId]": () => "MGW_000001",
    "[env]": () => "PPR",
    "[csrId]": () => csrId,
    "[certificateId]": () => certificateId,
    "[renewalId]": () => renewalId,
    "[envId]": () => gateway.ppr,
  };
  const value = samples[segment];
  if (!value)
    throw new Error(
      `No sample value for ${segment} (in ${where}): add one to sample() in e2e/security.spec.ts.`,
    );
  return value();
}

/** A URL for a route pattern, with existing data in its dynamic segments. */
function concrete(route: string): string {
  return route
    .split("/")
    .map((segment) =>
      segment.startsWith("[") ? encodeURIComponent(sample(segment, route)) : segment,
    )
    .join("/");
}

type PageOutcome = "ok" | "sign-in" | "not allowed" | `redirect ${string}`;
const signedIn = (role: Role): Record<Who, PageOutcome> => ({
  anonymous: "sign-in",
  viewer: RANK.viewer >= RANK[role] ? "ok" : "not allowed",
  operator: RANK.operator >= RANK[role] ? "ok" : "not allowed",
  admin: "ok",
});
const ENV = "/gateways/[merchantGatewayId]/[env]";

/** Every page route × who is asking. Keep it in step with app/: the test compares. */
const PAGES: Record<string, Record<Who, PageOutcome>> = {
  "/": signedIn("viewer"),
  "/sign-in": {
    anonymous: "ok",
    viewer: "redirect /",
    operator: "redirect /",
    admin: "redirect /",
  },
  // Setup is over once a user exists: everyone is sent to sign-in.
  "/setup": {
    anonymous: "redirect /sign-in",
    viewer: "redirect /sign-in",
    operator: "redirect /sign-in",
    admin: "redirect /sign-in",
  },
  "/admin/users": signedIn("admin"),
  "/admin/tokens": signedIn("admin"),
  "/account/security": signedIn("viewer"),
  // Only for an admin that REQUIRE_ADMIN_2FA holds (off here; e2e/two-factor.spec.ts turns it on).
  "/two-factor-setup": {
    anonymous: "sign-in",
    viewer: "redirect /account/security",
    operator: "redirect /account/security",
    admin: "redirect /account/security",
  },
  "/audit": signedIn("viewer"),
  "/calendar": signedIn("viewer"),
  "/reports": signedIn("viewer"),
  "/certificates": signedIn("viewer"),
  "/notifications": signedIn("viewer"),
  "/gateways": signedIn("viewer"),
  "/gateways/[merchantGatewayId]": signedIn("viewer"),
  "/search": signedIn("viewer"),
  [ENV]: signedIn("viewer"),
  [`${ENV}/audit`]: signedIn("viewer"),
  [`${ENV}/ca-changes`]: signedIn("viewer"),
  [`${ENV}/certificates`]: signedIn("viewer"),
  [`${ENV}/certificates/[certificateId]`]: signedIn("viewer"),
  [`${ENV}/certificates/[certificateId]/assemble`]: signedIn("operator"),
  [`${ENV}/certificates/import`]: signedIn("operator"),
  [`${ENV}/checklist`]: signedIn("viewer"),
  [`${ENV}/custody`]: signedIn("viewer"),
  [`${ENV}/probes`]: signedIn("viewer"),
  [`${ENV}/renewals/[renewalId]`]: signedIn("viewer"),
  [`${ENV}/trust-stores`]: signedIn("viewer"),
  [`${ENV}/signing-keys`]: signedIn("viewer"),
  [`${ENV}/signing-keys/new`]: signedIn("operator"),
  [`${ENV}/csrs`]: signedIn("viewer"),
  [`${ENV}/csrs/[csrId]`]: signedIn("viewer"),
  [`${ENV}/csrs/new`]: signedIn("operator"),
  [`${ENV}/csrs/register`]: signedIn("operator"),
};

async function pageOutcome(response: APIResponse, who: Who): Promise<string> {
  const status = response.status();
  if (status >= 300 && status < 400) {
    const target = new URL(response.headers().location ?? "", baseURL).pathname;
    return target === "/sign-in" && status === 307 ? "sign-in" : `redirect ${target}`;
  }
  const body = await response.text();
  // (The "Not allowed" text is in every page's RSC payload, as the forbidden() fallback: the
  // status tells the pages apart.)
  if (status === 403 && body.includes("Not allowed")) return "not allowed";
  if (status !== 200) return `status ${status}`;
  // A signed-in page shows whose session it rendered for.
  const role = /data-testid="user-role"[^>]*>([a-z]+)</.exec(body)?.[1];
  if (who === "anonymous") return role ? `ok, but as ${role}` : "ok";
  return role === who ? "ok" : `200 with role ${role ?? "none"}`;
}

test("every page route answers each role as its row says", async () => {
  expect(Object.keys(PAGES).sort(), "PAGES must have exactly one row per page under app/").toEqual(
    pageRoutesOnDisk(),
  );
  const wrong: string[] = [];
  for (const [route, row] of Object.entries(PAGES)) {
    const url = concrete(route);
    for (const who of WHO) {
      const actual = await pageOutcome(await sessions[who].get(url, { maxRedirects: 0 }), who);
      // /setup's redirect to sign-in looks the same as the signed-out one.
      const expected = row[who];
      const same =
        actual === expected || (expected === "redirect /sign-in" && actual === "sign-in");
      if (!same) wrong.push(`${who.padEnd(9)} GET ${url}: expected ${expected}, got ${actual}`);
    }
  }
  expect(wrong).toEqual([]);
});

/**
 * Next's router-state tree for the page in `folder` (segments under app/, groups included), as a
 * client-side navigation sends it, asking the server to re-render from segment `from` down.
 * That skips the layouts above `from`, and their requireUser(). (Next.js 16's format: if it
 * changes, the server answers 500 and the test below says so.)
 */
function routerStateTree(folder: string[], from: number): string {
  let node: unknown[] = ["__PAGE__", {}, null, null, 0];
  for (let i = folder.length - 1; i >= 0; i--) {
    const segment = folder[i]!;
    const name = /^\[(.+)\]$/.exec(segment)?.[1];
    node = [
      name ? [name, sample(segment, folder.join("/")), "d", null] : segment,
      { children: node },
      null,
      i === from ? "refetch" : null,
      0,
    ];
  }
  return encodeURIComponent(JSON.stringify(["", { children: node }, null, null, 16]));
}

/** An RSC request; follows only Next's own `?_rsc=` cache-busting redirect. */
async function rscGet(request: APIRequestContext, url: string, headers: Record<string, string>) {
  let response = await request.get(url, { headers, maxRedirects: 0 });
  const location = response.headers().location ?? "";
  if (response.status() === 307 && location.includes("_rsc="))
    response = await request.get(location, { headers, maxRedirects: 0 });
  return response;
}

test("a crafted partial navigation renders no layout's data for an anonymous caller (known bugs listed in route-guards.ts)", async () => {
  // What a signed-in render of these layouts shows; an anonymous answer must show none of it.
  const MARKERS = ["EU card gateway"];
  const layouts = walk("app/(app)").filter((f) => f.endsWith("/layout.tsx"));
  expect(layouts.length).toBeGreaterThan(0);
  const leaking: string[] = [];
  const problems: string[] = [];
  for (const file of layouts) {
    const folder = path.relative("app", path.dirname(file)).split(path.sep);
    if (!fs.existsSync(path.join(path.dirname(file), "page.tsx"))) {
      problems.push(
        `${file}: no page.tsx beside it to aim a request at; teach this test to pick one below it`,
      );
      continue;
    }
    const url = concrete(routeOf(folder.join(path.sep)));
    const headers = {
      rsc: "1",
      "next-router-state-tree": routerStateTree(folder, folder.length - 1),
    };
    const asViewer = await rscGet(sessions.viewer, url, headers);
    const viewerBody = await asViewer.text();
    if (asViewer.status() !== 200 || !MARKERS.some((m) => viewerBody.includes(m))) {
      problems.push(
        `${file}: the viewer's render (${asViewer.status()}) shows none of ${MARKERS.join(", ")}; add a marker this layout renders`,
      );
    }
    const anonymous = await rscGet(sessions.anonymous, url, headers);
    const body = await anonymous.text();
    // Either the whole answer is a redirect to sign-in, or the stream carries the page's redirect.
    const redirected =
      anonymous.status() === 307 &&
      new URL(anonymous.headers().location ?? "/", baseURL).pathname === "/sign-in";
    if (
      !redirected &&
      (anonymous.status() !== 200 || !/NEXT_REDIRECT;[a-z]+;\/sign-in;/.test(body))
    ) {
      problems.push(
        `${file}: the crafted request was not understood (${anonymous.status()}): ${body.slice(0, 200)}`,
      );
      continue;
    }
    if (MARKERS.some((m) => body.includes(m)))
      leaking.push(path.relative(".", file).split(path.sep).join("/"));
  }
  expect(problems).toEqual([]);
  expect(leaking.sort(), "layouts that render data for an anonymous caller").toEqual(
    [...LAYOUTS_READING_BEFORE_AUTH].sort(),
  );
});

test("a viewer is not shown the admin forms", async () => {
  const gateways = await (await sessions.viewer.get("/gateways")).text();
  expect(gateways).toContain("EU card gateway");
  expect(gateways).not.toContain("Create gateway");
  const settings = await (await sessions.viewer.get("/gateways/MGW_000001")).text();
  expect(settings).toContain("Only an admin can change these settings.");
  for (const url of ["/admin/users", "/admin/tokens"]) {
    const body = await (await sessions.viewer.get(url)).text();
    expect(body).not.toContain("Create user");
    expect(body).not.toContain("Create token");
  }
});

type ApiOutcome = "2xx" | "401" | "403" | "4xx invalid";
type ApiRow = {
  call: (request: APIRequestContext, headers: Record<string, string>) => Promise<APIResponse>;
  expect: Record<Who, ApiOutcome>;
  /** Extra check on each answer. */
  check?: (response: APIResponse, who: Who) => Promise<void>;
};
const everyone = (outcome: ApiOutcome): Record<Who, ApiOutcome> => ({
  anonymous: outcome,
  viewer: outcome,
  operator: outcome,
  admin: outcome,
});
const tokenFor = (role: Role, allowed: ApiOutcome): Record<Who, ApiOutcome> => ({
  anonymous: "401",
  viewer: RANK.viewer >= RANK[role] ? allowed : "403",
  operator: RANK.operator >= RANK[role] ? allowed : "403",
  admin: allowed,
});

/**
 * Every API method and route × who is asking (a token of that role; anonymous: none).
 * Writes get an invalid body, so an allowed role gets a 4xx that is neither 401 nor 403, and
 * nothing is created.
 */
const API: Record<string, ApiRow> = {
  "GET /api/health": {
    call: (r, h) => r.get("/api/health", { headers: h }),
    expect: everyone("2xx"),
  },
  // better-auth's own routes use the session cookie, never a bearer token.
  "GET /api/auth/[...all]": {
    call: (r, h) => r.get("/api/auth/get-session", { headers: h }),
    expect: everyone("2xx"),
    check: async (response) =>
      expect(await response.json(), "a bearer token is not a session").toBeNull(),
  },
  "POST /api/auth/[...all]": {
    call: (r, h) =>
      r.post("/api/auth/sign-in/email", { headers: { ...h, origin: baseURL }, data: {} }),
    expect: everyone("4xx invalid"),
  },
  // The feed's credential is the secret in its path, never a bearer token: a wrong one is a 404.
  "GET /api/calendar/[file]": {
    call: (r, h) => r.get("/api/calendar/not-a-feed-token.ics", { headers: h }),
    expect: everyone("4xx invalid"),
    check: async (response) => expect(response.status()).toBe(404),
  },
  "GET /api/metrics": {
    call: (r, h) => r.get("/api/metrics", { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "GET /api/v1/audit": {
    call: (r, h) => r.get("/api/v1/audit", { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "GET /api/v1/calendar.ics": {
    call: (r, h) => r.get("/api/v1/calendar.ics", { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "GET /api/v1/notifications": {
    call: (r, h) => r.get("/api/v1/notifications", { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "GET /api/v1/reminders/deliveries": {
    call: (r, h) => r.get("/api/v1/reminders/deliveries", { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "POST /api/v1/reminders/ack": {
    call: (r, h) => r.post("/api/v1/reminders/ack", { headers: h, data: {} }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "POST /api/v1/reminders/snooze": {
    call: (r, h) => r.post("/api/v1/reminders/snooze", { headers: h, data: {} }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "GET /api/v1/openapi.json": {
    call: (r, h) => r.get("/api/v1/openapi.json", { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "GET /api/v1/gateways": {
    call: (r, h) => r.get("/api/v1/gateways", { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "POST /api/v1/gateways": {
    call: (r, h) =>
      r.post("/api/v1/gateways", { headers: h, data: { merchantGatewayId: "bad", name: "" } }),
    expect: tokenFor("admin", "4xx invalid"),
  },
  // The webhook URL is a secret: only an admin's answer holds it (e2e/webhook-secret.spec.ts sets one).
  "GET /api/v1/gateways/[gatewayId]/webhook": {
    call: (r, h) => r.get("/api/v1/gateways/MGW_000001/webhook", { headers: h }),
    expect: tokenFor("viewer", "2xx"),
    check: async (response, who) =>
      expect("url" in (await response.json()), `${who} sees the URL`).toBe(who === "admin"),
  },
  // A metadata host: refused before anything is stored.
  "PUT /api/v1/gateways/[gatewayId]/webhook": {
    call: (r, h) =>
      r.put("/api/v1/gateways/MGW_000001/webhook", {
        headers: h,
        data: { url: "http://169.254.169.254/latest/meta-data" },
      }),
    expect: tokenFor("admin", "4xx invalid"),
    check: async (response, who) => {
      if (who === "admin") expect((await response.json()).error.code).toBe("webhook_host_refused");
    },
  },
  "GET /api/v1/search": {
    call: (r, h) => r.get("/api/v1/search?q=MGW", { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "GET /api/v1/certificates": {
    call: (r, h) => r.get("/api/v1/certificates", { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  // User lifecycle (lib/auth/lifecycle.ts): admins only. The change names no real user, with a role that does not exist.
  "GET /api/v1/users": {
    call: (r, h) => r.get("/api/v1/users", { headers: h }),
    expect: tokenFor("admin", "2xx"),
  },
  "PATCH /api/v1/users/[userId]": {
    call: (r, h) =>
      r.patch("/api/v1/users/no-such-user", { headers: h, data: { role: "superuser" } }),
    expect: tokenFor("admin", "4xx invalid"),
    check: async (response, who) => {
      if (who === "admin") expect((await response.json()).error.code).toBe("invalid_body");
    },
  },
  "GET /api/v1/tokens": {
    call: (r, h) => r.get("/api/v1/tokens", { headers: h }),
    expect: tokenFor("admin", "2xx"),
    check: async (response, who) => {
      if (who !== "admin") return;
      const body = await response.text();
      expect(body, "never the token itself").not.toMatch(/d1t_/);
      expect(
        JSON.parse(body).tokens.find((t: { name: string }) => t.name === "security-admin"),
      ).toMatchObject({ createdBy: ADMIN.email });
    },
  },
  // Also open to a browser session (the inventory pages link here); e2e/export.spec.ts covers that.
  "GET /api/v1/export/[inventory]": {
    call: (r, h) => r.get("/api/v1/export/certificates.csv", { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  // An admin's real download writes an audit record (backup.export): this row sends a parameter the
  // route refuses, so that nothing is written. e2e/export.spec.ts downloads one.
  "GET /api/v1/backup": {
    call: (r, h) => r.get("/api/v1/backup?format=zip", { headers: h }),
    expect: tokenFor("admin", "4xx invalid"),
  },
  // A real report writes an audit record (report.inventory.generate): this row asks for a format
  // that does not exist, so that nothing is written. e2e/report.spec.ts downloads one.
  "GET /api/v1/reports/inventory": {
    call: (r, h) => r.get("/api/v1/reports/inventory?format=docx", { headers: h }),
    expect: tokenFor("viewer", "4xx invalid"),
  },
  "GET /api/v1/reviews": {
    call: (r, h) => r.get("/api/v1/reviews", { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "POST /api/v1/reviews": {
    call: (r, h) => r.post("/api/v1/reviews", { headers: h, data: {} }),
    expect: tokenFor("admin", "4xx invalid"),
  },
  "GET /api/v1/environments/[envId]": {
    call: (r, h) => r.get(`/api/v1/environments/${gateway.ppr}`, { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "PATCH /api/v1/environments/[envId]": {
    call: (r, h) =>
      r.patch(`/api/v1/environments/${gateway.ppr}`, {
        headers: h,
        data: { renewalLeadDaysOverride: 3 },
      }),
    expect: tokenFor("admin", "4xx invalid"),
  },
  "GET /api/v1/environments/[envId]/oauth-token-endpoint": {
    call: (r, h) =>
      r.get(`/api/v1/environments/${gateway.ppr}/oauth-token-endpoint`, { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "PUT /api/v1/environments/[envId]/oauth-token-endpoint": {
    call: (r, h) =>
      r.put(`/api/v1/environments/${gateway.ppr}/oauth-token-endpoint`, {
        headers: h,
        data: { oauthTokenEndpoint: "http://idp.example/oauth2/token" },
      }),
    expect: tokenFor("admin", "4xx invalid"),
  },
  "GET /api/v1/environments/[envId]/checklist": {
    call: (r, h) => r.get(`/api/v1/environments/${gateway.ppr}/checklist`, { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "GET /api/v1/environments/[envId]/client-ca-changes": {
    call: (r, h) => r.get(`/api/v1/environments/${gateway.ppr}/client-ca-changes`, { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "POST /api/v1/environments/[envId]/client-ca-changes": {
    call: (r, h) =>
      r.post(`/api/v1/environments/${gateway.ppr}/client-ca-changes`, {
        headers: h,
        data: { source: "rumour" },
      }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "GET /api/v1/environments/[envId]/certificates": {
    call: (r, h) => r.get(`/api/v1/environments/${gateway.ppr}/certificates`, { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "POST /api/v1/environments/[envId]/certificates": {
    call: (r, h) =>
      r.post(`/api/v1/environments/${gateway.ppr}/certificates`, {
        headers: { ...h, "content-type": "application/x-pem-file" },
        data: "",
      }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "GET /api/v1/environments/[envId]/trust-stores/[kind]": {
    call: (r, h) =>
      r.get(`/api/v1/environments/${gateway.ppr}/trust-stores/client-cert-issuers.pem`, {
        headers: h,
      }),
    expect: tokenFor("viewer", "2xx"),
  },
  "POST /api/v1/environments/[envId]/trust-stores/[kind]": {
    call: (r, h) =>
      r.post(`/api/v1/environments/${gateway.ppr}/trust-stores/client-cert-issuers`, {
        headers: { ...h, "content-type": "application/x-pem-file" },
        data: "",
      }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "GET /api/v1/environments/[envId]/signing-keys": {
    call: (r, h) => r.get(`/api/v1/environments/${gateway.ppr}/signing-keys`, { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "POST /api/v1/environments/[envId]/signing-keys": {
    call: (r, h) =>
      r.post(`/api/v1/environments/${gateway.ppr}/signing-keys`, {
        headers: h,
        data: { publicKeyPem: "" },
      }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "GET /api/v1/environments/[envId]/server-chain-changes": {
    call: (r, h) =>
      r.get(`/api/v1/environments/${gateway.ppr}/server-chain-changes`, { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "POST /api/v1/environments/[envId]/server-chain-changes": {
    call: (r, h) =>
      r.post(`/api/v1/environments/${gateway.ppr}/server-chain-changes`, {
        headers: { ...h, "content-type": "application/x-pem-file" },
        data: "",
      }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "GET /api/v1/environments/[envId]/csrs": {
    call: (r, h) => r.get(`/api/v1/environments/${gateway.ppr}/csrs`, { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "POST /api/v1/environments/[envId]/csrs": {
    call: (r, h) =>
      r.post(`/api/v1/environments/${gateway.ppr}/csrs`, { headers: h, data: { pem: "" } }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "GET /api/v1/environments/[envId]/probes": {
    call: (r, h) => r.get(`/api/v1/environments/${gateway.ppr}/probes`, { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  // Only admins add probe targets; a metadata address on port 0 is refused and stores nothing.
  "POST /api/v1/environments/[envId]/probes": {
    call: (r, h) =>
      r.post(`/api/v1/environments/${gateway.ppr}/probes`, {
        headers: h,
        data: { direction: "outbound", host: "169.254.169.254", port: 0 },
      }),
    expect: tokenFor("admin", "4xx invalid"),
  },
  "GET /api/v1/environments/[envId]/probes/[targetId]/results": {
    call: (r, h) =>
      r.get(`/api/v1/environments/${gateway.ppr}/probes/no-such-target/results`, { headers: h }),
    expect: tokenFor("viewer", "4xx invalid"),
    check: async (response, who) => {
      if (who !== "anonymous") expect(response.status()).toBe(404);
    },
  },
  // The UI's actions over the API (issue 18; lib/security/api-twins.test.ts): invalid bodies or
  // unknown ids, so an allowed role gets a 4xx and nothing is written (no probe runs, no sweep).
  "POST /api/v1/environments/[envId]/probes/[targetId]/run": {
    call: (r, h) =>
      r.post(`/api/v1/environments/${gateway.ppr}/probes/no-such-target/run`, { headers: h }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "PATCH /api/v1/environments/[envId]/probes/[targetId]": {
    call: (r, h) =>
      r.patch(`/api/v1/environments/${gateway.ppr}/probes/no-such-target`, {
        headers: h,
        data: { daily: "often" },
      }),
    expect: tokenFor("admin", "4xx invalid"),
  },
  "DELETE /api/v1/environments/[envId]/probes/[targetId]": {
    call: (r, h) =>
      r.delete(`/api/v1/environments/${gateway.ppr}/probes/no-such-target`, { headers: h }),
    expect: tokenFor("admin", "4xx invalid"),
  },
  ...Object.fromEntries(
    (["notify", "acknowledge", "switch", "cancel"] as const).map((step) => [
      `POST /api/v1/environments/[envId]/server-chain-changes/[changeId]/${step}`,
      {
        call: (r: APIRequestContext, h: Record<string, string>) =>
          r.post(
            `/api/v1/environments/${gateway.ppr}/server-chain-changes/no-such-change/${step}`,
            { headers: h, data: {} },
          ),
        expect: tokenFor("operator", "4xx invalid"),
      },
    ]),
  ),
  "PUT /api/v1/environments/[envId]/checklist/[item]": {
    call: (r, h) =>
      r.put(`/api/v1/environments/${gateway.ppr}/checklist/inbound.tls-dns`, {
        headers: h,
        data: { note: "", doneOn: "soon" },
      }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "DELETE /api/v1/environments/[envId]/checklist/[item]": {
    call: (r, h) =>
      r.delete(`/api/v1/environments/${gateway.ppr}/checklist/no-such-item`, { headers: h }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "GET /api/v1/environments/[envId]/renewals": {
    call: (r, h) => r.get(`/api/v1/environments/${gateway.ppr}/renewals`, { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "POST /api/v1/environments/[envId]/renewals": {
    call: (r, h) =>
      r.post(`/api/v1/environments/${gateway.ppr}/renewals`, { headers: h, data: {} }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "GET /api/v1/environments/[envId]/renewals/[renewalId]": {
    call: (r, h) =>
      r.get(`/api/v1/environments/${gateway.ppr}/renewals/${renewalId}`, { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  ...Object.fromEntries(
    (["csr", "submit", "deploy", "retire"] as const).map((step) => [
      `POST /api/v1/environments/[envId]/renewals/[renewalId]/${step}`,
      {
        call: (r: APIRequestContext, h: Record<string, string>) =>
          r.post(`/api/v1/environments/${gateway.ppr}/renewals/${renewalId}/${step}`, {
            headers: h,
            data: { unexpected: true },
          }),
        expect: tokenFor("operator", "4xx invalid"),
      },
    ]),
  ),
  "POST /api/v1/reminders/ack/bulk": {
    call: (r, h) => r.post("/api/v1/reminders/ack/bulk", { headers: h, data: { items: [] } }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "POST /api/v1/reminders/snooze/bulk": {
    call: (r, h) => r.post("/api/v1/reminders/snooze/bulk", { headers: h, data: { items: [] } }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "POST /api/v1/reminders/sweep": {
    call: (r, h) => r.post("/api/v1/reminders/sweep", { headers: h, data: { now: "2030-01-01" } }),
    expect: tokenFor("admin", "4xx invalid"),
  },
  "POST /api/v1/environments/[envId]/csrs/[csrId]/submit": {
    call: (r, h) =>
      r.post(`/api/v1/environments/${gateway.ppr}/csrs/${csrId}/submit`, { headers: h, data: {} }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "POST /api/v1/environments/[envId]/csrs/[csrId]/cancel": {
    call: (r, h) =>
      r.post(`/api/v1/environments/${gateway.ppr}/csrs/${csrId}/cancel`, { headers: h, data: {} }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "POST /api/v1/environments/[envId]/certificates/[certificateId]/revoke": {
    call: (r, h) =>
      r.post(`/api/v1/environments/${gateway.ppr}/certificates/${certificateId}/revoke`, {
        headers: h,
        data: {},
      }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "POST /api/v1/environments/[envId]/signing-keys/[keyId]/onboarded": {
    call: (r, h) =>
      r.post(`/api/v1/environments/${gateway.ppr}/signing-keys/no-such-key/onboarded`, {
        headers: h,
        data: {},
      }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "POST /api/v1/environments/[envId]/signing-keys/[keyId]/retire": {
    call: (r, h) =>
      r.post(`/api/v1/environments/${gateway.ppr}/signing-keys/no-such-key/retire`, {
        headers: h,
        data: {},
      }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "DELETE /api/v1/environments/[envId]/trust-stores/[kind]/[entryId]": {
    call: (r, h) =>
      r.delete(
        `/api/v1/environments/${gateway.ppr}/trust-stores/client-cert-issuers/no-such-entry`,
        { headers: h },
      ),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "POST /api/v1/notifications/read": {
    call: (r, h) => r.post("/api/v1/notifications/read", { headers: h, data: { id: "" } }),
    expect: tokenFor("viewer", "4xx invalid"),
  },
  "GET /api/v1/gateways/[gatewayId]": {
    call: (r, h) => r.get(`/api/v1/gateways/${gateway.id}`, { headers: h }),
    expect: tokenFor("viewer", "2xx"),
    check: async (response, who) => {
      if (who === "viewer" || who === "operator")
        expect(await response.json(), "the webhook URL is a secret").not.toHaveProperty(
          "webhookUrl",
        );
    },
  },
  "PUT /api/v1/gateways/[gatewayId]": {
    call: (r, h) => r.put(`/api/v1/gateways/${gateway.id}`, { headers: h, data: {} }),
    expect: tokenFor("admin", "4xx invalid"),
  },
  // Installations and custodians (issue 17).
  "GET /api/v1/installations": {
    call: (r, h) => r.get(`/api/v1/installations?environmentId=${gateway.ppr}`, { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "POST /api/v1/installations": {
    call: (r, h) => r.post("/api/v1/installations", { headers: h, data: {} }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "GET /api/v1/installations/[installationId]": {
    call: (r, h) => r.get("/api/v1/installations/no-such-installation", { headers: h }),
    expect: tokenFor("viewer", "4xx invalid"),
  },
  "PATCH /api/v1/installations/[installationId]": {
    call: (r, h) => r.patch("/api/v1/installations/no-such-installation", { headers: h, data: {} }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "DELETE /api/v1/installations/[installationId]": {
    call: (r, h) => r.delete("/api/v1/installations/no-such-installation", { headers: h }),
    expect: tokenFor("operator", "4xx invalid"),
  },
  "GET /api/v1/certificates/[certificateId]/installations": {
    call: (r, h) => r.get(`/api/v1/certificates/${certificateId}/installations`, { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "GET /api/v1/environments/[envId]/custodians": {
    call: (r, h) => r.get(`/api/v1/environments/${gateway.ppr}/custodians`, { headers: h }),
    expect: tokenFor("viewer", "2xx"),
  },
  "POST /api/v1/environments/[envId]/custodians": {
    call: (r, h) =>
      r.post(`/api/v1/environments/${gateway.ppr}/custodians`, { headers: h, data: {} }),
    expect: tokenFor("admin", "4xx invalid"),
  },
  "DELETE /api/v1/environments/[envId]/custodians/[userId]": {
    call: (r, h) =>
      r.delete(`/api/v1/environments/${gateway.ppr}/custodians/no-such-user`, { headers: h }),
    expect: tokenFor("admin", "4xx invalid"),
  },
};

function apiOutcome(status: number): string {
  if (status >= 200 && status < 300) return "2xx";
  if (status === 401 || status === 403) return String(status);
  if (status >= 400 && status < 500) return "4xx invalid";
  return `status ${status}`;
}

async function auditTotal(): Promise<number> {
  const response = await sessions.anonymous.get("/api/v1/audit", { headers: bearer("admin") });
  expect(response.status()).toBe(200);
  return (await response.json()).total as number;
}

test("every API route answers each role as its row says, and the refused or invalid writes store nothing", async () => {
  expect(
    Object.keys(API).sort(),
    "API must have exactly one row per method and route under app/",
  ).toEqual(apiRoutesOnDisk());
  const auditBefore = await auditTotal();
  const wrong: string[] = [];
  for (const [key, row] of Object.entries(API)) {
    for (const who of WHO) {
      const response = await row.call(sessions.anonymous, bearer(who));
      const actual = apiOutcome(response.status());
      if (actual !== row.expect[who])
        wrong.push(
          `${who.padEnd(9)} ${key}: expected ${row.expect[who]}, got ${response.status()} ${(await response.text()).slice(0, 200)}`,
        );
      else await row.check?.(response, who);
    }
  }
  expect(wrong).toEqual([]);
  expect(await auditTotal(), "nothing was written").toBe(auditBefore);
});

test("better-auth's own endpoints give no one a role or an account", async ({ playwright }) => {
  // The role field is server-only (input: false): a viewer cannot promote itself.
  const promote = await sessions.viewer.post("/api/auth/update-user", {
    headers: { origin: baseURL },
    data: { role: "admin" },
  });
  expect(promote.status()).toBe(400);
  expect((await (await sessions.viewer.get("/api/auth/get-session")).json()).user.role).toBe(
    "viewer",
  );
  // Self-service sign-up is off.
  const client = await playwright.request.newContext({ baseURL, storageState: NO_COOKIES });
  const who = {
    email: `self-service-${Date.now()}@example.com`,
    password: "self service password 1",
    name: "Self service",
  };
  const signUp = await client.post("/api/auth/sign-up/email", {
    headers: { origin: baseURL, "x-forwarded-for": "203.0.113.30" },
    data: who,
  });
  expect(signUp.status()).toBe(400);
  const signIn = await client.post("/api/auth/sign-in/email", {
    headers: { origin: baseURL, "x-forwarded-for": "203.0.113.31" },
    data: { email: who.email, password: who.password },
  });
  expect(signIn.status()).toBe(401);
  await client.dispose();
});

test("a browser session does not authenticate /api/v1: only a bearer token does", async () => {
  expect((await sessions.admin.get("/api/v1/gateways")).status()).toBe(401);
  const write = await sessions.admin.post("/api/v1/gateways", {
    headers: { origin: baseURL },
    data: { merchantGatewayId: "COOKIE_001", name: "Through a cookie" },
  });
  expect(write.status()).toBe(401);
});

// ---------------------------------------------------------------------------------------------
// Server actions, called without the UI
// ---------------------------------------------------------------------------------------------

type BuiltAction = { id: string; key: string; worker: string };

/** The build's server actions: id, "<file>#<export>", and a page that serves it. */
function builtActions(): BuiltAction[] {
  const manifest = JSON.parse(
    fs.readFileSync(".next/server/server-reference-manifest.json", "utf8"),
  ) as {
    node: Record<
      string,
      { workers: Record<string, unknown>; filename?: string; exportedName?: string }
    >;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    expect(
      entry.filename && entry.exportedName,
      `action ${id} has no filename/exportedName in the manifest`,
    ).toBeTruthy();
    const worker = Object.keys(entry.workers).sort()[0]!; // e.g. "app/(app)/gateways/page"
    return { id, key: `${entry.filename}#${entry.exportedName}`, worker };
  });
}

// React's own encoder for server-action arguments, from the Next.js that built the app.
const { encodeReply } = createRequire(path.resolve("package.json"))(
  "next/dist/compiled/react-server-dom-turbopack/client.node",
) as {
  encodeReply: (value: unknown[]) => Promise<string | FormData>;
};
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
};

/** Calls a server action the way Next's client does: POST to its page with Next-Action. */
async function callAction(
  request: APIRequestContext,
  action: BuiltAction,
  args: unknown[],
  origin = baseURL,
) {
  const encoded = await encodeReply(args);
  const page = concrete(routeOf(path.relative("app", path.dirname(action.worker))));
  const headers = { "next-action": action.id, origin, accept: "text/x-component" };
  return typeof encoded === "string"
    ? request.post(page, {
        headers: { ...headers, "content-type": "text/plain;charset=UTF-8" },
        data: encoded,
        maxRedirects: 0,
      })
    : request.post(page, { headers, multipart: encoded, maxRedirects: 0 });
}

type ActionProbe = {
  /** Arguments an allowed caller gets a harmless, recognisable answer to (invalid input). */
  args: () => unknown[];
  /** Text of the refusal a caller below the action's role gets. */
  refused?: string;
  /** For an action that answers nothing when it refuses. */
  refusedWhen?: (response: APIResponse, body: string) => boolean;
  /** How the answer shows the action ran for an allowed caller. */
  allowed: (response: APIResponse, body: string) => boolean;
};

const ADMIN_ONLY = "Only an admin can do this.";
/** Whether a server action revalidated a path (Next says so in a response header). */
const revalidated = (response: APIResponse) =>
  !["", "0", "[[],0,0]"].includes(response.headers()["x-action-revalidated"] ?? "");
const OPERATOR_ONLY = "Your role cannot do this: it needs operator or admin.";
let victimTokenId = "";
let victimToken = "";
const victimWorks = async () =>
  (
    await sessions.anonymous.get("/api/v1/gateways", {
      headers: { authorization: `Bearer ${victimToken}` },
    })
  ).status() === 200;

const ACTIONS: Record<string, ActionProbe> = {
  "lib/gateway/actions.ts#createGatewayAction": {
    args: () => [{}, form({ merchantGatewayId: "bad", name: "Crafted" })],
    refused: ADMIN_ONLY,
    allowed: (_, body) => body.includes("merchantGatewayId must be exactly 10 characters"),
  },
  "lib/gateway/actions.ts#updateGatewaySettingsAction": {
    args: () => [gateway.id, {}, form({ version: "1", subjectCountry: "F1" })],
    refused: ADMIN_ONLY,
    allowed: (_, body) => body.includes("Country must be a two-letter code"),
  },
  "lib/auth/admin-actions.ts#createUserAction": {
    args: () => [{}, form({ email: "not-an-email", password: "x", role: "admin" })],
    refused: ADMIN_ONLY,
    allowed: (_, body) => body.includes("Enter a valid email address."),
  },
  "lib/auth/admin-actions.ts#createTokenAction": {
    args: () => [{}, form({ name: "", role: "admin" })],
    refused: ADMIN_ONLY,
    allowed: (_, body) => body.includes("A token needs a name."),
  },
  "lib/auth/admin-actions.ts#changeUserRoleAction": {
    args: () => [{}, form({ id: "no-such-user", role: "viewer" })],
    refused: ADMIN_ONLY,
    allowed: (_, body) => body.includes("No user no-such-user."),
  },
  "lib/auth/admin-actions.ts#disableUserAction": {
    args: () => [{}, form({ id: "no-such-user" })],
    refused: ADMIN_ONLY,
    allowed: (_, body) => body.includes("No user no-such-user."),
  },
  "lib/auth/admin-actions.ts#enableUserAction": {
    args: () => [{}, form({ id: "no-such-user" })],
    refused: ADMIN_ONLY,
    allowed: (_, body) => body.includes("No user no-such-user."),
  },
  // Returns nothing: whether the token still works tells. Admin runs last and revokes it.
  "lib/auth/admin-actions.ts#revokeTokenAction": {
    args: () => [form({ id: victimTokenId })],
    allowed: () => false, // replaced by the victim-token check below
  },
  "lib/environment/actions.ts#setRenewalLeadAction": {
    args: () => [gateway.ppr, {}, form({ renewalLeadDaysOverride: "3" })],
    refused: ADMIN_ONLY,
    allowed: (_, body) => body.includes("at least 7 days"),
  },
  "lib/ca-change/actions.ts#recordClientCaChangeAction": {
    args: () => [gateway.ppr, {}, form({ source: "rumour", receivedAt: "x", text: "" })],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("Choose a file or paste the certificate."),
  },
  "lib/checklist/actions.ts#tickChecklistItemAction": {
    args: () => [gateway.ppr, "outbound.oauth-client", {}, form({ note: "", doneOn: "" })],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("Say what you checked"),
  },
  "lib/checklist/actions.ts#untickChecklistItemAction": {
    args: () => [gateway.ppr, "outbound.oauth-client"],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("This item has no manual tick"),
  },
  "lib/csr/actions.ts#registerCsrAction": {
    args: () => [gateway.ppr, { pem: "", origin: "registered", cnOverrideReason: "Thales asked" }],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("Paste a CSR in PEM form."),
  },
  "lib/csr/actions.ts#submitCsrAction": {
    args: () => [csrId, {}, form({ submittedAt: "not a date", submittedTo: "" })],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("Enter the date it was sent"),
  },
  "lib/csr/actions.ts#cancelCsrAction": {
    args: () => [csrId, {}, form({ reason: "" })],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("A reason is required."),
  },
  "lib/certificate/actions.ts#importCertificateAction": {
    args: () => [gateway.ppr, {}, form({ text: "" })],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("Choose a file or paste the certificate."),
  },
  "lib/certificate/actions.ts#revokeCertificateAction": {
    args: () => [certificateId, {}, form({ reason: "" })],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("A reason is required."),
  },
  "lib/trust-store/actions.ts#addTrustEntriesAction": {
    args: () => [gateway.ppr, "no-such-store", {}, form({ text: "" })],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("No such trust store."),
  },
  "lib/trust-store/actions.ts#removeTrustEntryAction": {
    args: () => ["no-such-entry"],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("This entry was already removed."),
  },
  "lib/probe/actions.ts#addProbeTargetAction": {
    args: () => [
      gateway.ppr,
      {},
      form({ direction: "outbound", host: "169.254.169.254", port: "443" }),
    ],
    refused: ADMIN_ONLY,
    allowed: (_, body) => body.includes("is a cloud metadata address"),
  },
  "lib/probe/actions.ts#removeProbeTargetAction": {
    args: () => ["no-such-target"],
    refused: ADMIN_ONLY,
    allowed: (_, body) => body.includes("This probe target was already removed."),
  },
  "lib/probe/actions.ts#setProbeDailyAction": {
    args: () => ["no-such-target", true],
    refused: ADMIN_ONLY,
    allowed: (_, body) => body.includes("No such probe target."),
  },
  "lib/probe/actions.ts#runProbeAction": {
    args: () => ["no-such-target"],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("No such probe target."),
  },
  "lib/signing-key/actions.ts#registerSigningKeyAction": {
    args: () => [gateway.ppr, { publicKeyPem: "", origin: "registered" }],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("Paste the public key in PEM form"),
  },
  "lib/signing-key/actions.ts#markSigningKeyOnboardedAction": {
    args: () => ["no-such-key", {}, form({ onboardedAt: "not a date" })],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("Enter the date Thales confirmed the key"),
  },
  "lib/signing-key/actions.ts#retireSigningKeyAction": {
    args: () => ["no-such-key", {}, form({ reason: "" })],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("A reason is required."),
  },
  "lib/signing-key/token-endpoint-actions.ts#setTokenEndpointAction": {
    args: () => [gateway.ppr, {}, form({ oauthTokenEndpoint: "http://idp.example/oauth2/token" })],
    refused: ADMIN_ONLY,
    allowed: (_, body) => body.includes("must use https"),
  },
  // Starting a renewal that is already open only redirects to it again: harmless to repeat.
  "lib/renewal/actions.ts#startRenewalAction": {
    args: () => [certificateId, RENEWALS],
    refusedWhen: (response) =>
      response.status() === 200 && !response.headers()["x-action-redirect"],
    allowed: (response) =>
      (response.headers()["x-action-redirect"] ?? "").startsWith(`${RENEWALS}/${renewalId}`),
  },
  "lib/renewal/actions.ts#submitRenewalAction": {
    args: () => [renewalId, {}, form({ submittedAt: "not a date" })],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("Enter a date (YYYY-MM-DD)."),
  },
  "lib/installation/actions.ts#addInstallationAction": {
    args: () => [gateway.ppr, { certificateId }, {}, form({ systemName: "", kind: "file" })],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("Name the system, e.g. payments-gw-prd-01."),
  },
  "lib/installation/actions.ts#updateInstallationAction": {
    args: () => ["no-such-installation", {}, form({ systemName: "x", kind: "file", version: "1" })],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("No such installation."),
  },
  "lib/installation/actions.ts#removeInstallationAction": {
    args: () => ["no-such-installation", {}, form({ version: "1" })],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("No such installation."),
  },
  "lib/custody/actions.ts#assignCustodianAction": {
    args: () => [gateway.ppr, {}, form({ userId: "no-such-user" })],
    refused: ADMIN_ONLY,
    allowed: (_, body) => body.includes("No user has this id."),
  },
  "lib/custody/actions.ts#removeCustodianAction": {
    args: () => [gateway.ppr, "no-such-user", {}],
    refused: ADMIN_ONLY,
    allowed: (_, body) => body.includes("This user is not a custodian of this environment."),
  },
  // Any signed-in user may try; only a custodian of the environment gets further (lib/custody).
  "lib/custody/actions.ts#acknowledgeCustodyAction": {
    args: () => [gateway.ppr, {}],
    refused: "Sign in first.",
    allowed: (_, body) => body.includes("You are not a custodian of this environment"),
  },
  "lib/renewal/actions.ts#deployRenewalAction": {
    args: () => [renewalId, {}, form({ deployedAt: "not a date" })],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("Enter a date (YYYY-MM-DD)."),
  },
  "lib/renewal/actions.ts#retireRenewalAction": {
    args: () => [renewalId, {}],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("can be retired only after the new one is deployed"),
  },
  "lib/server-chain-change/actions.ts#planServerChainChangeAction": {
    args: () => [gateway.ppr, {}, form({ text: "", plannedAt: "" })],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("Choose a file or paste the certificate."),
  },
  "lib/server-chain-change/actions.ts#recordServerChainNotifiedAction": {
    args: () => ["no-such-change", {}, form({ version: "1", notifiedAt: "not a date" })],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("Enter the date Thales was notified (YYYY-MM-DD)."),
  },
  "lib/server-chain-change/actions.ts#recordServerChainAcknowledgedAction": {
    args: () => [
      "no-such-change",
      {},
      form({ version: "1", acknowledgedAt: "not a date", reference: "" }),
    ],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("Enter the date Thales acknowledged (YYYY-MM-DD)."),
  },
  "lib/server-chain-change/actions.ts#markServerChainSwitchedAction": {
    args: () => ["no-such-change", {}, form({ version: "1", switchedAt: "not a date" })],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("Enter the switch date (YYYY-MM-DD)."),
  },
  "lib/server-chain-change/actions.ts#cancelServerChainChangeAction": {
    args: () => ["no-such-change", {}, form({ version: "1", reason: "" })],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("A reason is required."),
  },
  // Acts on the caller's own notifications and answers nothing: a signed-in call revalidates
  // the page, a refused one does not.
  "lib/reminder/actions.ts#markReadAction": {
    args: () => [form({ id: "no-such-notification" })],
    refusedWhen: (response) => response.status() === 200 && !revalidated(response),
    allowed: (response) => response.status() === 200 && revalidated(response),
  },
  "lib/reminder/actions.ts#acknowledgeAction": {
    args: () => [certificateId, "no-such-subject", {}],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("subject must be start-renewal-by or expiry."),
  },
  "lib/reminder/actions.ts#snoozeAction": {
    args: () => [certificateId, "no-such-subject", {}, form({ until: "", reason: "" })],
    refused: OPERATOR_ONLY,
    allowed: (_, body) => body.includes("subject must be start-renewal-by or expiry."),
  },
  "lib/review/actions.ts#recordReviewAction": {
    args: () => [{}, form({ environmentId: "", reviewedOn: "", reviewer: "", notes: "" })],
    refused: "Only an admin records the yearly review.",
    allowed: (_, body) => body.includes("Enter the date of the review as YYYY-MM-DD."),
  },
  // Each signed-in caller makes (then revokes) a feed of their own.
  "lib/calendar/actions.ts#createFeedAction": {
    args: () => [],
    refused: "Sign in first.",
    allowed: (_, body) => /\/api\/calendar\/d1c_[A-Za-z0-9_-]+\.ics/.test(body),
  },
  "lib/calendar/actions.ts#revokeFeedAction": {
    args: () => [],
    refused: "Sign in first.",
    allowed: (_, body) => /"revoked":(true|false)/.test(body),
  },
  // On the caller's own sessions. The probe session of each role is the caller, so it is kept.
  "lib/auth/session-actions.ts#revokeSessionAction": {
    args: () => [{}, form({ id: "no-such-session" })],
    refused: "Sign in first.",
    allowed: (_, body) => body.includes("That session has already ended."),
  },
  "lib/auth/session-actions.ts#revokeOtherSessionsAction": {
    args: () => [{}, form({})],
    refused: "Sign in first.",
    allowed: (_, body) => /"revoked":\d+/.test(body),
  },
  "lib/theme/actions.ts#setTheme": {
    args: () => [form({ theme: "light" })],
    allowed: (response) => (response.headers()["set-cookie"] ?? "").includes("theme=light"),
  },
  "lib/auth/setup-actions.ts#setupAction": {
    args: () => [
      {},
      form({
        setupCode: "AAAA-BBBB-CCCC-DDDD",
        email: "intruder@example.com",
        password: "intruder password 123",
        confirm: "intruder password 123",
      }),
    ],
    allowed: (_, body) => body.includes("Setup is already complete."),
  },
};

test("every server action refuses callers below its role, even without the UI", async ({
  browser,
}) => {
  const actions = builtActions();
  expect(actions.map((a) => a.key).sort(), "the build's actions vs SERVER_ACTION_ACCESS").toEqual(
    Object.keys(SERVER_ACTION_ACCESS).sort(),
  );
  expect(Object.keys(ACTIONS).sort(), "every action needs a probe in ACTIONS").toEqual(
    Object.keys(SERVER_ACTION_ACCESS).sort(),
  );

  // A throwaway token for the revoke action to aim at.
  const page = await browser.newPage({ storageState: ADMIN_STATE });
  victimToken = await createToken(page, "security-victim", "viewer");
  await page.close();
  const tokensPage = await (await sessions.admin.get("/admin/tokens")).text();
  const label = tokensPage.indexOf("Revoke token security-victim");
  victimTokenId =
    [...tokensPage.slice(0, label).matchAll(/name="id" value="([^"]+)"/g)].pop()?.[1] ?? "";
  expect(victimTokenId).not.toBe("");

  const auditBefore = await auditTotal();
  const wrong: string[] = [];
  for (const action of actions) {
    const access = SERVER_ACTION_ACCESS[action.key]!;
    const probe = ACTIONS[action.key]!;
    for (const who of WHO) {
      const mayRun = access.role === "public" || RANK[who] >= RANK[access.role];
      const auditBeforeCall = mayRun ? 0 : await auditTotal();
      const response = await callAction(sessions[who], action, probe.args());
      const body = await response.text();
      if (!mayRun && (await auditTotal()) !== auditBeforeCall)
        wrong.push(`${who.padEnd(9)} ${action.key}: refused, yet an audit record was written`);
      let outcome: string;
      if (action.key.endsWith("#revokeTokenAction"))
        outcome =
          response.status() === 200
            ? (await victimWorks())
              ? "refused"
              : "ran"
            : `status ${response.status()}`;
      else if (
        (probe.refused && body.includes(probe.refused)) ||
        probe.refusedWhen?.(response, body)
      )
        outcome = "refused";
      else if (probe.allowed(response, body)) outcome = "ran";
      else outcome = `unexpected ${response.status()}: ${body.slice(0, 300)}`;
      const expected = mayRun ? "ran" : "refused";
      if (outcome !== expected)
        wrong.push(`${who.padEnd(9)} ${action.key}: expected ${expected}, got ${outcome}`);
    }
  }
  expect(wrong).toEqual([]);
  // (The audit trail works: the admin's revocation is in it.)
  const audit = await sessions.anonymous.get("/api/v1/audit", { headers: bearer("admin") });
  const { total, events } = (await audit.json()) as {
    total: number;
    events: { actorLabel: string; action: string }[];
  };
  expect(
    events.slice(0, total - auditBefore).map((e) => `${e.action} by ${e.actorLabel}`),
  ).toContain(`token.revoke by ${ADMIN.email}`);
});

// ---------------------------------------------------------------------------------------------
// Cross-origin requests, rate limit, body size
// ---------------------------------------------------------------------------------------------

test("a cross-origin sign-in is refused by better-auth's origin check", async ({ playwright }) => {
  const client = await playwright.request.newContext({ baseURL, storageState: NO_COOKIES });
  const response = await client.post("/api/auth/sign-in/email", {
    headers: { origin: "https://evil.example", "x-forwarded-for": "203.0.113.20" },
    data: { email: ADMIN.email, password: ADMIN.password },
  });
  expect(response.status()).toBe(403);
  expect(response.headers()["set-cookie"] ?? "").not.toContain("session_token");
  // The same request from the app's own origin works (so the refusal was the origin's doing).
  const own = await client.post("/api/auth/sign-in/email", {
    headers: { origin: baseURL, "x-forwarded-for": "203.0.113.21" },
    data: { email: ADMIN.email, password: ADMIN.password },
  });
  expect(own.status()).toBe(200);
  // A browser's cross-site form navigation (no Origin it could fake) is refused too.
  await client.dispose();
  const fresh = await playwright.request.newContext({ baseURL, storageState: NO_COOKIES });
  const navigation = await fresh.post("/api/auth/sign-in/email", {
    headers: {
      "sec-fetch-site": "cross-site",
      "sec-fetch-mode": "navigate",
      "sec-fetch-dest": "document",
      "x-forwarded-for": "203.0.113.22",
    },
    form: { email: ADMIN.email, password: ADMIN.password },
  });
  expect(navigation.status()).toBe(403);
  await fresh.dispose();
});

test("a server action posted from a foreign origin is refused and does nothing", async () => {
  const createGateway = builtActions().find((a) => a.key.endsWith("#createGatewayAction"))!;
  const valid = () => [{}, form({ merchantGatewayId: "CSRF_TEST1", name: "Cross-site request" })];
  const response = await callAction(sessions.admin, createGateway, valid(), "https://evil.example");
  expect(response.status()).toBeGreaterThanOrEqual(400);
  const list = await (
    await sessions.anonymous.get("/api/v1/gateways", { headers: bearer("viewer") })
  ).json();
  expect(
    list.gateways.map((g: { merchantGatewayId: string }) => g.merchantGatewayId),
  ).not.toContain("CSRF_TEST1");
});

test("five failed sign-ins lock the account (429), whatever client address is claimed", async () => {
  const email = `locked-${Date.now()}@example.com`;
  for (let i = 0; i < 5; i++) {
    const failed = await sessions.anonymous.post("/api/auth/sign-in/email", {
      headers: { origin: baseURL, "x-forwarded-for": `198.51.100.${110 + i}` },
      data: { email, password: `not the password ${i}` },
    });
    expect(failed.status()).toBe(401);
  }
  const locked = await sessions.anonymous.post("/api/auth/sign-in/email", {
    headers: { origin: baseURL, "x-forwarded-for": "198.51.100.199" },
    data: { email, password: "not the password either" },
  });
  expect(locked.status()).toBe(429);
  expect(Number(locked.headers()["retry-after"])).toBeGreaterThan(0);
});

test("a 2 MB JSON body is refused with 413", async () => {
  const response = await sessions.anonymous.post("/api/v1/gateways", {
    headers: { ...bearer("admin"), "content-type": "application/json" },
    data: Buffer.from(
      JSON.stringify({ merchantGatewayId: "BIGBODY001", name: "x".repeat(2 * 1024 * 1024) }),
    ),
  });
  expect(response.status()).toBe(413);
});
