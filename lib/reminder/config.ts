import { type EnvSource, processEnv } from "@/lib/env";
/**
 * Reminder settings, all from the environment so that every instance can differ (for example
 * one instance with the scheduler off). None are required: without SMTP_URL no email goes out.
 */
export type SmtpConfig = { url: string; from: string };

export type ReminderConfig = {
  smtp: SmtpConfig | null;
  /** Public URL of the app, for links in emails and webhooks; relative links without it. */
  appUrl: string;
};

export function reminderConfigFromEnv(env: EnvSource = processEnv()): ReminderConfig {
  const url = env.SMTP_URL?.trim();
  const appUrl = (env.APP_URL?.trim() || `http://localhost:${env.PORT || 3000}`).replace(
    /\/+$/,
    "",
  );
  const from = env.MAIL_FROM?.trim() || `D1 dashboard <no-reply@${safeHostname(appUrl)}>`;
  return { smtp: url ? { url, from } : null, appUrl };
}

function safeHostname(url: string): string {
  try {
    return new URL(url).hostname || "localhost";
  } catch {
    return "localhost";
  }
}

export type SchedulerConfig = { enabled: boolean; intervalMs: number; firstRunDelayMs: number };

/** REMINDERS_SCHEDULER=off turns the in-process scheduler off on this instance only. */
export function schedulerConfigFromEnv(env: EnvSource = processEnv()): SchedulerConfig {
  const flag = (env.REMINDERS_SCHEDULER ?? "").trim().toLowerCase();
  const seconds = Number(env.REMINDERS_INTERVAL_SECONDS);
  return {
    enabled: !["off", "false", "0", "no", "disabled"].includes(flag),
    intervalMs: Number.isFinite(seconds) && seconds >= 10 ? seconds * 1000 : 5 * 60_000,
    firstRunDelayMs: 15_000,
  };
}
