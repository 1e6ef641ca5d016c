import "server-only";
import { redactUrl, scrub } from "../redact";
import { postWebhook, WebhookRefused, WEBHOOK_TIMEOUT_MS, type Resolver } from "../webhook/post";
import { webhookPayload } from "../webhook/payload";
import { isWebhookFormat } from "../webhook/url";
import type { OutboundChannel } from "./types";

export { WEBHOOK_TIMEOUT_MS };

/**
 * A JSON POST in the gateway's format (Slack or Teams). Only a 2xx counts; redirects are not
 * followed. The URL holds the receiver's secret, so only its origin is ever written down, and
 * the answer's body is neither kept nor shown: the log says the status and the time it took.
 */
export function webhookChannel(
  options: { resolve?: Resolver; timeoutMs?: number } = {},
): OutboundChannel {
  return {
    async send(_ctx, message, to) {
      const url = to.webhookUrl;
      if (!url)
        return {
          ok: false,
          final: true,
          detail: "webhook: the gateway has no webhook URL any more",
        };
      const where = redactUrl(url);
      const format = isWebhookFormat(to.webhookFormat) ? to.webhookFormat : "slack";
      try {
        const outcome = await postWebhook(
          new URL(url),
          JSON.stringify(webhookPayload(format, message)),
          options,
        );
        const ok = outcome.status >= 200 && outcome.status < 300;
        return {
          ok,
          detail: `webhook ${where} (${format}): HTTP ${outcome.status} in ${outcome.ms} ms`,
        };
      } catch (error) {
        if (error instanceof WebhookRefused) {
          // Retrying cannot help: the URL must be changed by an admin.
          return {
            ok: false,
            final: true,
            detail: `webhook ${where} refused, no connection made: ${scrub(error.message, [url])}`,
          };
        }
        const e = error as Error & { code?: string; cause?: { code?: string; message?: string } };
        const timedOut = e.name === "TimeoutError" || e.name === "AbortError";
        const why = timedOut
          ? `no answer within ${(options.timeoutMs ?? WEBHOOK_TIMEOUT_MS) / 1000} s`
          : (e.code ?? e.cause?.code ?? e.message);
        return { ok: false, detail: `webhook ${where} failed: ${scrub(String(why), [url])}` };
      }
    },
    close: () => {},
  };
}
