// A webhook URL carries its receiver's secret (Slack's /services/T…/B…/token, Teams' signed
// query). This module decides which URLs may be saved and what of one may be shown or audited.
import crypto from "node:crypto";
import { checkHost } from "@/lib/probe/targets";
import { redactUrl } from "../redact";

export const WEBHOOK_FORMATS = ["slack", "teams"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export const WEBHOOK_FORMAT_LABELS: Record<WebhookFormat, string> = {
  slack: "Slack (incoming webhook, mrkdwn text)",
  teams: "Microsoft Teams (Workflows webhook, Adaptive Card)",
};

export const isWebhookFormat = (value: unknown): value is WebhookFormat =>
  (WEBHOOK_FORMATS as readonly unknown[]).includes(value);

export type WebhookUrlCheck =
  | { ok: true; url: string }
  | { ok: false; code: "webhook_url_invalid" | "webhook_host_refused"; message: string };

/**
 * Checks a webhook URL before it is stored: http(s), and a host that a probe could target too
 * (no link-local or cloud metadata address or name). Names are resolved again before each call.
 */
export function checkWebhookUrl(raw: string): WebhookUrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return {
      ok: false,
      code: "webhook_url_invalid",
      message: "The webhook must be an http(s) URL, e.g. a Slack or Teams incoming webhook.",
    };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return {
      ok: false,
      code: "webhook_url_invalid",
      message: "The webhook must be an http(s) URL, e.g. a Slack or Teams incoming webhook.",
    };
  }
  const host = checkHost(url.hostname);
  if (!host.ok)
    return {
      ok: false,
      code: "webhook_host_refused",
      message: `Webhook host refused: ${host.message}`,
    };
  return { ok: true, url: url.toString() };
}

/** What anyone but an admin, and the audit trail, may know of a webhook URL. */
export type WebhookShown = { origin: string; sha256: string };

/** The origin (`https://hooks.slack.com/…`) and a SHA-256 of the whole URL, to show that it changed. */
export function describeWebhookUrl(url: string | null | undefined): WebhookShown | null {
  if (!url) return null;
  return { origin: redactUrl(url), sha256: crypto.createHash("sha256").update(url).digest("hex") };
}
