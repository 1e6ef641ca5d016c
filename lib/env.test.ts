import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkEnvironment,
  env,
  EnvironmentError,
  environmentProblems,
  VARIABLE_NAMES,
} from "./env";
import { probeConfigFromEnv } from "./probe/config";
import { sessionPolicy } from "./auth/sessions";
import { shutdownTimeoutMs } from "./shutdown/config";
import { schedulerConfigFromEnv } from "./reminder/config";
import { inactiveDaysFromEnv } from "./auth/lifecycle";
import { anchorConfigFromEnv } from "./audit/anchor-schedule";

/** The `NAME`s in the first column of the table under the README's "Configuration" heading. */
function readmeConfigurationNames(): Set<string> {
  const lines = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8").split("\n");
  const start = lines.findIndex((l) => /^#+ .*Configuration/.test(l));
  expect(start, "README.md has a heading with Configuration").toBeGreaterThanOrEqual(0);
  const level = /^#+/.exec(lines[start]!)![0].length;
  const names = new Set<string>();
  for (const line of lines.slice(start + 1)) {
    const heading = /^(#+) /.exec(line);
    if (heading && heading[1]!.length <= level) break;
    if (!line.startsWith("|")) continue;
    const firstCell = line.split("|")[1] ?? "";
    for (const m of firstCell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.add(m[1]!);
  }
  return names;
}

/** Files that may read process.env themselves, and why. */
const READS_PROCESS_ENV = new Set([
  "lib/env.ts", // the one place
  "lib/testing/databases.ts", // test support: TEST_POSTGRES_URL
  "lib/testing/contract.ts", // test support: CONTRACT_TRIPLES_FILE (which answers the API tests checked)
]);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sources(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe("lib/env", () => {
  it("is the only reader of process.env in app/, components/, lib/ and proxy.ts", () => {
    const root = path.join(__dirname, "..");
    const files = [
      ...["app", "components", "lib"].flatMap((dir) => sources(path.join(root, dir))),
      path.join(root, "proxy.ts"),
    ];
    const readers = files
      .map((file) => path.relative(root, file).split(path.sep).join("/"))
      .filter((file) => !READS_PROCESS_ENV.has(file))
      .filter((file) => /process\.env\b/.test(fs.readFileSync(path.join(root, file), "utf8")));
    expect(readers).toEqual([]);
  });

  it("documents every variable in the README's configuration table", () => {
    const documented = readmeConfigurationNames();
    expect(VARIABLE_NAMES.filter((name) => !documented.has(name))).toEqual([]);
  });

  it("accepts an empty environment: every variable has a default", () => {
    expect(environmentProblems({})).toEqual([]);
    expect(() => checkEnvironment({})).not.toThrow();
    // Blank counts as unset, as it always did.
    expect(environmentProblems({ PORT: " ", DATABASE_URL: "" })).toEqual([]);
  });

  it("accepts the documented forms", () => {
    const good = {
      DATABASE_URL: "postgres://user:pass@db:5432/d1dash",
      PORT: "8080",
      APP_URL: "https://certs.example.com",
      SESSION_IDLE_TIMEOUT_SECONDS: "3600",
      LOCAL_SIGN_IN: "OFF",
      REQUIRE_ADMIN_2FA: "true",
      OIDC_ISSUER: "https://login.example.com/realms/x",
      USER_INACTIVE_DAYS: "0",
      SMTP_URL: "smtp://127.0.0.1:2525",
      REMINDERS_SCHEDULER: "off",
      REMINDERS_INTERVAL_SECONDS: "10",
      AUDIT_ANCHOR_INTERVAL: "30m",
      AUDIT_ANCHOR_WEBHOOK_URL: "https://hooks.slack.com/services/a",
      AUDIT_ANCHOR_WEBHOOK_FORMAT: "Teams",
      METRICS_PORT: "9464",
      SHUTDOWN_TIMEOUT_SECONDS: "2.5",
      MAX_CONCURRENT_REQUESTS: "0",
      PROBE_TIMEOUT_MS: "100",
      HTTP_REDIRECT_PORT: "80",
    };
    expect(environmentProblems(good)).toEqual([]);
    expect(environmentProblems({ AUDIT_ANCHOR_INTERVAL: "off" })).toEqual([]);
  });

  it("names the variable and the expected form for a bad value", () => {
    expect(environmentProblems({ PORT: "http" })).toEqual([
      'PORT="http" must be a port number (1-65535).',
    ]);
    expect(environmentProblems({ USER_INACTIVE_DAYS: "ninety" })).toEqual([
      'USER_INACTIVE_DAYS="ninety" must be a whole number of days from 0 (off) to 3650.',
    ]);
    expect(environmentProblems({ MAX_CONCURRENT_REQUESTS: "-4" })).toEqual([
      'MAX_CONCURRENT_REQUESTS="-4" must be a whole number of requests from 0 (no limit) to 10000 (applied by npm start).',
    ]);
    expect(environmentProblems({ SESSION_ABSOLUTE_LIFETIME_SECONDS: "30d" })).toEqual([
      'SESSION_ABSOLUTE_LIFETIME_SECONDS="30d" must be a whole number of seconds above 0.',
    ]);
    expect(environmentProblems({ AUDIT_ANCHOR_INTERVAL: "30s" })).toEqual([
      'AUDIT_ANCHOR_INTERVAL="30s" must be a duration of at least a minute (like 24h, 30m or 3600), or off.',
    ]);
    for (const [name, value] of [
      ["APP_URL", "certs.example.com"],
      ["METRICS_PORT", "70000"],
      ["SHUTDOWN_TIMEOUT_SECONDS", "0"],
      ["REMINDERS_INTERVAL_SECONDS", "5"],
      ["REQUIRE_ADMIN_2FA", "enabled"],
      ["LOCAL_SIGN_IN", "sometimes"],
      ["AUDIT_ANCHOR_WEBHOOK_FORMAT", "discord"],
      ["PROBE_TIMEOUT_MS", "5s"],
      ["HTTP_REDIRECT_PORT", "0"],
    ]) {
      const problems = environmentProblems({ [name!]: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(new RegExp(`^${name}="${value}" must be `));
    }
  });

  it("never repeats a secret in a message", () => {
    const problems = environmentProblems({
      DATABASE_URL: "mysql://root:hunter2@db/x",
      SMTP_URL: "mail.example.com:hunter2",
    });
    expect(problems).toEqual([
      "DATABASE_URL must be a PostgreSQL URL such as postgres://user:pass@host:5432/d1dash (the value is not shown: it is secret).",
      "SMTP_URL must be an SMTP URL such as smtp://user:pass@mail.example.com:587 (the value is not shown: it is secret).",
    ]);
    expect(problems.join()).not.toContain("hunter2");
  });

  it("throws one EnvironmentError listing every bad variable", () => {
    try {
      checkEnvironment({ PORT: "x", METRICS_PORT: "y" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvironmentError);
      expect((error as EnvironmentError).problems).toHaveLength(2);
      expect((error as Error).message).toContain("PORT=");
      expect((error as Error).message).toContain("METRICS_PORT=");
    }
  });

  it("reads process.env at each use, not once", () => {
    const before = process.env.MAIL_FROM;
    try {
      process.env.MAIL_FROM = "first <a@example.com>";
      expect(env.MAIL_FROM).toBe("first <a@example.com>");
      process.env.MAIL_FROM = "second <b@example.com>";
      expect(env.MAIL_FROM).toBe("second <b@example.com>");
      delete process.env.MAIL_FROM;
      expect(env.MAIL_FROM).toBeUndefined();
    } finally {
      if (before === undefined) delete process.env.MAIL_FROM;
      else process.env.MAIL_FROM = before;
    }
  });

  it("keeps the defaults of the features' parsers", () => {
    expect(probeConfigFromEnv({})).toEqual({
      timeoutMs: 5000,
      totalTimeoutMs: 15000,
      openssl: "openssl",
    });
    expect(sessionPolicy({})).toMatchObject({
      idleTimeoutSeconds: 7 * 86400,
      absoluteLifetimeSeconds: 30 * 86400,
    });
    expect(shutdownTimeoutMs({})).toBe(25_000);
    expect(schedulerConfigFromEnv({})).toMatchObject({ enabled: true, intervalMs: 300_000 });
    expect(inactiveDaysFromEnv({})).toEqual({ ok: true, days: 90 });
    expect(anchorConfigFromEnv({})).toMatchObject({ intervalMs: 86_400_000, webhook: null });
  });
});
