import { z } from "zod";

/**
 * Every environment variable the app reads, with the form it must have. The only module that
 * touches `process.env`: values are read at each use, never copied, because start-up fills
 * NAME from NAME_FILE (lib/deploy/file-variables.ts) and the features' parsers take an
 * environment as a parameter in their tests. `checkEnvironment` runs once at server start
 * (lib/startup.ts): a value of the wrong form stops the server with a message naming it.
 * Each variable is documented in the README's configuration table (a test checks it).
 * Not here: build, test and benchmark switches (BUILD_STANDALONE, TEST_POSTGRES_URL, E2E_PORT,
 * BENCH_*), and NEXT_RUNTIME in instrumentation.ts, which Next.js must see as a literal.
 */
export type EnvSource = Record<string, string | undefined>;

/** The live process environment (the object itself: start-up writes to it). */
export const processEnv = (): EnvSource => process.env;

type Variable = {
  /** What a good value looks like, for the message. */
  form: string;
  /** Parses the trimmed, non-empty value; unset or blank is always allowed (the default applies). */
  schema: z.ZodType;
  /** Never repeat the value in a message (it holds a password or a key). */
  secret?: true;
};

const text = z.string();
const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/)
    .refine((v) => Number(v) >= min && Number(v) <= max);
const number = (min: number, max = Number.POSITIVE_INFINITY) =>
  z.string().refine((v) => Number.isFinite(Number(v)) && Number(v) >= min && Number(v) <= max);
const port = integer(1, 65535);
const words = (...accepted: string[]) =>
  z.string().refine((v) => accepted.includes(v.toLowerCase()));
const onOff = words("on", "off", "true", "false", "1", "0", "yes", "no");
const url = (...protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  });
const DURATION = /^(\d+)\s*([smhd]?)$/;
const UNIT_SECONDS: Record<string, number> = { "": 1, s: 1, m: 60, h: 3600, d: 86_400 };

const VARIABLES = {
  DATABASE_URL: {
    form: "a PostgreSQL URL such as postgres://user:pass@host:5432/d1dash",
    schema: url("postgres:", "postgresql:"),
    secret: true,
  },
  DATA_DIR: { form: "a folder path", schema: text },
  PORT: { form: "a port number (1-65535)", schema: port },
  HOSTNAME: { form: "an address to listen on", schema: text },
  APP_URL: { form: "an http:// or https:// URL", schema: url("http:", "https:") },
  TRUSTED_PROXIES: {
    form: "IP addresses or CIDR ranges, comma-separated (checked by npm start)",
    schema: text,
  },
  TLS_CERT_FILE: { form: "a file path", schema: text },
  TLS_KEY_FILE: { form: "a file path", schema: text },
  HTTP_REDIRECT_PORT: { form: "a port number (1-65535)", schema: port },
  AUTH_SECRET: { form: "a secret string", schema: text, secret: true },
  AUTH_SECRET_FILE: { form: "a file path", schema: text },
  DATABASE_URL_FILE: { form: "a file path", schema: text },
  SMTP_URL_FILE: { form: "a file path", schema: text },
  SESSION_IDLE_TIMEOUT_SECONDS: {
    form: "a whole number of seconds above 0",
    schema: integer(1, Number.MAX_SAFE_INTEGER),
  },
  SESSION_MAX_AGE_SECONDS: {
    form: "a whole number of seconds above 0",
    schema: integer(1, Number.MAX_SAFE_INTEGER),
  },
  SESSION_ABSOLUTE_LIFETIME_SECONDS: {
    form: "a whole number of seconds above 0",
    schema: integer(1, Number.MAX_SAFE_INTEGER),
  },
  LOCAL_SIGN_IN: { form: '"on" or "off"', schema: onOff },
  REQUIRE_ADMIN_2FA: { form: '"true" or "false"', schema: onOff },
  OIDC_ISSUER: { form: "an https:// URL", schema: url("https:", "http:") },
  OIDC_CLIENT_ID: { form: "a client id", schema: text },
  OIDC_CLIENT_SECRET: { form: "a client secret", schema: text, secret: true },
  OIDC_ROLE_MAP: { form: "group=role pairs, comma-separated", schema: text },
  OIDC_ROLE_CLAIM: { form: "a claim name", schema: text },
  OIDC_SCOPES: { form: "scopes separated by spaces or commas", schema: text },
  OIDC_BUTTON_LABEL: { form: "a button label", schema: text },
  USER: { form: "a user name", schema: text },
  USER_INACTIVE_DAYS: {
    form: "a whole number of days from 0 (off) to 3650",
    schema: integer(0, 3650),
  },
  SMTP_URL: {
    form: "an SMTP URL such as smtp://user:pass@mail.example.com:587",
    schema: url("smtp:", "smtps:"),
    secret: true,
  },
  MAIL_FROM: { form: "a sender address", schema: text },
  REMINDERS_SCHEDULER: {
    form: '"on" or "off"',
    schema: words("on", "off", "true", "false", "1", "0", "yes", "no", "disabled"),
  },
  REMINDERS_INTERVAL_SECONDS: { form: "a number of seconds, at least 10", schema: number(10) },
  AUDIT_ANCHOR_INTERVAL: {
    form: "a duration of at least a minute (like 24h, 30m or 3600), or off",
    schema: z.string().refine((v) => {
      const value = v.toLowerCase();
      if (["off", "0", "false", "no", "disabled"].includes(value)) return true;
      const m = DURATION.exec(value);
      return !!m && Number(m[1]) * UNIT_SECONDS[m[2]!]! >= 60;
    }),
  },
  AUDIT_ANCHOR_WEBHOOK_URL: { form: "an https:// URL", schema: url("https:", "http:") },
  AUDIT_ANCHOR_WEBHOOK_FORMAT: { form: "slack or teams", schema: words("slack", "teams") },
  METRICS_PORT: { form: "a port number (1-65535)", schema: port },
  METRICS_HOST: { form: "an address to listen on", schema: text },
  MAX_CONCURRENT_REQUESTS: {
    form: "a whole number of requests from 0 (no limit) to 10000 (applied by npm start)",
    schema: integer(0, 10_000),
  },
  SHUTDOWN_TIMEOUT_SECONDS: { form: "a number of seconds from 1 to 3600", schema: number(1, 3600) },
  HEAP_GROWTH_PERCENT: {
    form: "a whole number of percent from 0 (V8 chooses) to 300",
    schema: integer(0, 300),
  },
  PROBE_TIMEOUT_MS: {
    form: "a number of milliseconds (kept within 200 to 60000)",
    schema: number(Number.NEGATIVE_INFINITY),
  },
  PROBE_TOTAL_TIMEOUT_MS: {
    form: "a number of milliseconds (kept within PROBE_TIMEOUT_MS to 180000)",
    schema: number(Number.NEGATIVE_INFINITY),
  },
  PROBE_OPENSSL: { form: 'an openssl binary, or "off"', schema: text },
} satisfies Record<string, Variable>;

/** Set by the platform, not configuration: read here, never checked, not in the README. */
const SYSTEM = ["NODE_ENV", "PATH"] as const;

export type VariableName = keyof typeof VARIABLES;
export const VARIABLE_NAMES = Object.keys(VARIABLES) as VariableName[];

/** `env.APP_URL` is `process.env.APP_URL` at the moment of reading, untouched. */
export const env = Object.defineProperties(
  {},
  Object.fromEntries(
    [...VARIABLE_NAMES, ...SYSTEM].map((name) => [
      name,
      { enumerable: true, get: () => process.env[name] },
    ]),
  ),
) as { readonly [K in VariableName | (typeof SYSTEM)[number]]: string | undefined };

/** One sentence per variable whose value has the wrong form; empty when all are fine. */
export function environmentProblems(source: EnvSource = processEnv()): string[] {
  const problems: string[] = [];
  for (const name of VARIABLE_NAMES) {
    const raw = source[name];
    const value = raw?.trim();
    if (!value) continue;
    const variable: Variable = VARIABLES[name];
    if (variable.schema.safeParse(value).success) continue;
    problems.push(
      variable.secret
        ? `${name} must be ${variable.form} (the value is not shown: it is secret).`
        : `${name}="${raw}" must be ${variable.form}.`,
    );
  }
  return problems;
}

export class EnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "EnvironmentError";
  }
}

/** Throws an EnvironmentError naming every variable of the wrong form. */
export function checkEnvironment(source: EnvSource = processEnv()): void {
  const problems = environmentProblems(source);
  if (problems.length) throw new EnvironmentError(problems);
}
