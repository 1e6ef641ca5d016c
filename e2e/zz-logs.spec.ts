// Runs last (files run in name order): the whole server log of the e2e run must hold no secret.
// The one intended exception is the first-run line "[setup] SETUP CODE: …". See ADR 0006.
import { test, expect } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { ADMIN, OPERATOR, VIEWER, createToken, serverLog } from "./support/app";

const ADMIN_STATE = "e2e/.artifacts/admin.json";
const NO_COOKIES = { cookies: [], origins: [] };
test.use({ storageState: ADMIN_STATE });

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the ANSI colour codes removed here
const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, "");
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Every password and passphrase the e2e specs type or send, read from their sources, so that a
 * new spec's secrets are covered without editing this one: `password: "…"`, `PASSPHRASE = "…"`
 * and `getByLabel(/password|passphrase/).fill("…")`. A template literal's `${…}` matches anything.
 */
function secretsInSpecs(): RegExp[] {
  const patterns = [
    /\b(?:password|passphrase)\s*[:=]\s*(["'`])((?:(?!\1).){8,}?)\1/gi,
    /getByLabel\([^)]*pass(?:word|phrase)[^)]*\)\s*\.fill\((["'`])((?:(?!\1).){8,}?)\1\)/gi,
  ];
  const found = new Map<string, RegExp>();
  for (const file of fs
    .readdirSync("e2e", { recursive: true })
    .map(String)
    .filter((f) => /\.(ts|mjs)$/.test(f))) {
    const source = fs.readFileSync(path.join("e2e", file), "utf8");
    for (const pattern of patterns) {
      for (const m of source.matchAll(pattern)) {
        const literal = m[2]!;
        const regex = literal
          .split(/\$\{[^}]*\}/)
          .map(escapeRegExp)
          .join(".{1,40}?");
        if (regex.replace(/\\/g, "").length >= 8) found.set(literal, new RegExp(regex));
      }
    }
  }
  return [...found.values()];
}

test("the server log holds no secret", async ({ page, playwright }, info) => {
  const baseURL = info.project.use.baseURL!;

  // Exercise the secret-carrying paths once more, so that this spec stands on its own: a token
  // made and used (and a wrong one), a password sign-in, a session cookie sent back.
  const token = await createToken(page, "zz-logs", "viewer");
  const client = await playwright.request.newContext({ baseURL, storageState: NO_COOKIES });
  expect(
    (
      await client.get("/api/v1/gateways", { headers: { authorization: `Bearer ${token}` } })
    ).status(),
  ).toBe(200);
  expect(
    (
      await client.get("/api/v1/gateways", { headers: { authorization: `Bearer ${token}x` } })
    ).status(),
  ).toBe(401);
  const signIn = await client.post("/api/auth/sign-in/email", {
    headers: { origin: baseURL, "x-forwarded-for": "203.0.113.99" },
    data: VIEWER,
  });
  expect(signIn.status()).toBe(200);
  expect((await client.get("/gateways")).status()).toBe(200);
  const cookies = [...(await client.storageState()).cookies, ...(await page.context().cookies())];
  await client.dispose();
  const sessionTokens = cookies
    .filter((c) => /session/i.test(c.name))
    .map((c) => decodeURIComponent(c.value));
  expect(sessionTokens.length).toBeGreaterThanOrEqual(2);

  // Let the server's last output reach the file.
  await page.waitForTimeout(500);
  const log = stripAnsi(serverLog());
  const lines = log.split("\n");

  // The right file: the run's server, with its setup-code line.
  const setupLines = lines.filter((l) => /SETUP CODE/.test(l));
  expect(setupLines, "exactly one setup-code line").toHaveLength(1);
  const code = /\[setup\] SETUP CODE: ([0-9A-F]{4}(?:-[0-9A-F]{4}){3})\s*$/.exec(
    setupLines[0]!,
  )?.[1];
  expect(code, "the setup-code line's format").toBeTruthy();

  const leaks: string[] = [];
  const where = (needle: string | RegExp) => {
    const index = lines.findIndex((l) =>
      typeof needle === "string" ? l.includes(needle) : needle.test(l),
    );
    return index < 0 ? null : `line ${index + 1}: ${lines[index]!.slice(0, 200)}`;
  };
  const refuse = (what: string, needle: string | RegExp) => {
    const at = where(needle);
    if (at) leaks.push(`${what} in the server log, ${at}`);
  };

  // The setup code appears on its line and nowhere else, with or without dashes.
  const codeLines = lines.filter((l) => l.includes(code!) || l.includes(code!.replace(/-/g, "")));
  if (codeLines.length !== 1)
    leaks.push(`the setup code is repeated in the log:\n${codeLines.join("\n")}`);

  refuse("private key material", /PRIVATE KEY/);
  refuse("an API token", /d1t_[A-Za-z0-9_-]{8,}/);
  refuse("a calendar-feed token", /d1c_[A-Za-z0-9_-]{8,}/);
  refuse("this run's API token", token.slice(4));
  for (const t of sessionTokens) {
    refuse("a session cookie", t);
    refuse("a session token", t.split(".")[0]!);
  }
  for (const who of [ADMIN, VIEWER, OPERATOR]) refuse(`${who.email}'s password`, who.password);
  const specSecrets = secretsInSpecs();
  expect(specSecrets.length, "the spec scan finds the passwords it should").toBeGreaterThanOrEqual(
    3,
  );
  for (const secret of specSecrets)
    refuse(`a password or passphrase from the e2e specs (${secret.source})`, secret);
  refuse("a request body with a password field", /"password"\s*:\s*"/i);
  refuse("an Authorization header", /authorization["']?\s*[:=]\s*["']?bearer/i);
  refuse("a Cookie header", /\bcookie["']?\s*[:=]\s*["']?[^\s"']*session_token/i);

  expect(leaks).toEqual([]);
});
