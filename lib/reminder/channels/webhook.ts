import "server-only";
import { redactUrl, scrub } from "../redact";
import type { OutboundChannel } from "./types";

export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * A JSON POST with a `text` field, which Slack and Teams incoming webhooks both display, plus the
 * structured fields for other receivers. Only a 2xx counts; redirects are not followed. The URL
 * holds the receiver's secret, so only its origin is ever written down.
 */
export function webhookChannel(): OutboundChannel {
  return {
    async send(_ctx, message, to) {
      const url = to.webhookUrl;
      if (!url) return { ok: false, final: true, detail: "webhook: the gateway has no webhook URL any more" };
      const where = redactUrl(url);
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", "user-agent": "d1-mtls-dashboard" },
          body: JSON.stringify({ text: `${message.title}\n${message.text}`, ...message.payload }),
          redirect: "manual",
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        });
        const body = scrub((await response.text().catch(() => "")).slice(0, 200), [url]);
        const ok = response.status >= 200 && response.status < 300;
        return { ok, detail: `webhook ${where}: HTTP ${response.status}${body ? ` ${body}` : ""}` };
      } catch (error) {
        const e = error as Error & { cause?: { code?: string; message?: string } };
        const why = e.name === "TimeoutError" ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s` : (e.cause?.code ?? e.cause?.message ?? e.message);
        return { ok: false, detail: `webhook ${where} failed: ${scrub(String(why), [url])}` };
      }
    },
    close: () => {},
  };
}
