import "server-only";
// The app sends the audit anchor on a schedule, so that a copy of the head lives outside the
// database without anyone remembering to run `audit anchor`: always to the log (ship the logs
// elsewhere), and to a webhook when configured. The destination comes from the environment, not
// from the database: someone who can rewrite the trail must not be able to redirect its anchors.
import type { Db } from "@/lib/db/client";
import { redactUrl } from "@/lib/reminder/redact";
import { escapeSlack, escapeTeams } from "@/lib/reminder/webhook/payload";
import { postWebhook, type Resolver } from "@/lib/reminder/webhook/post";
import { checkWebhookUrl, isWebhookFormat, type WebhookFormat } from "@/lib/reminder/webhook/url";
import { formatAnchor, takeAnchor } from "./anchor";
import { type EnvSource, processEnv } from "@/lib/env";

export type AnchorScheduleConfig = {
  /** null: no scheduled anchor on this instance. */
  intervalMs: number | null;
  webhook: { url: string; format: WebhookFormat } | null;
  /** Settings that were refused, said once at start-up. */
  problems: string[];
};

const DEFAULT_INTERVAL = "24h";
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** AUDIT_ANCHOR_INTERVAL (`24h`, `30m`, `3600` seconds, `off`), AUDIT_ANCHOR_WEBHOOK_URL and _FORMAT. */
export function anchorConfigFromEnv(env: EnvSource = processEnv()): AnchorScheduleConfig {
  const problems: string[] = [];
  const raw = (env.AUDIT_ANCHOR_INTERVAL?.trim() || DEFAULT_INTERVAL).toLowerCase();
  let intervalMs: number | null = null;
  if (!["off", "0", "false", "no", "disabled"].includes(raw)) {
    const m = /^(\d+)\s*([smhd]?)$/.exec(raw);
    const ms = m ? Number(m[1]) * UNIT_MS[m[2] || "s"]! : NaN;
    if (Number.isFinite(ms) && ms >= 60_000) intervalMs = ms;
    else {
      problems.push(
        `AUDIT_ANCHOR_INTERVAL "${env.AUDIT_ANCHOR_INTERVAL}" is not a duration of at least a minute (like 24h, 30m or 3600); using ${DEFAULT_INTERVAL}`,
      );
      intervalMs = UNIT_MS.h! * 24;
    }
  }
  let webhook: AnchorScheduleConfig["webhook"] = null;
  const url = env.AUDIT_ANCHOR_WEBHOOK_URL?.trim();
  if (url) {
    const check = checkWebhookUrl(url);
    const format = (env.AUDIT_ANCHOR_WEBHOOK_FORMAT?.trim().toLowerCase() || "slack") as string;
    if (!check.ok)
      problems.push(
        `AUDIT_ANCHOR_WEBHOOK_URL refused: ${check.message} Anchors go to the log only.`,
      );
    else if (!isWebhookFormat(format))
      problems.push(
        `AUDIT_ANCHOR_WEBHOOK_FORMAT must be slack or teams, not "${format}". Anchors go to the log only.`,
      );
    else webhook = { url: check.url, format };
  }
  return { intervalMs, webhook, problems };
}

type Log = Pick<Console, "info" | "error">;
export type AnchorSent = {
  ok: boolean;
  text: string;
  anchor: string | null;
  webhook: string | null;
};

function payload(format: WebhookFormat, text: string, anchor: string | null, at: Date) {
  if (format === "teams") {
    return {
      type: "message",
      attachments: [
        {
          contentType: "application/vnd.microsoft.card.adaptive",
          contentUrl: null,
          content: {
            $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
            type: "AdaptiveCard",
            version: "1.4",
            body: [{ type: "TextBlock", text: escapeTeams(text), wrap: true }],
          },
        },
      ],
    };
  }
  return { text: escapeSlack(text), anchor, at: at.toISOString() };
}

/** Takes the anchor (only of a chain that holds; otherwise an alert) and sends it. */
export async function sendAuditAnchor(
  db: Db,
  config: AnchorScheduleConfig,
  log: Log = console,
  now = new Date(),
  resolve?: Resolver,
): Promise<AnchorSent> {
  const report = await takeAnchor(db);
  const anchor = report.ok ? formatAnchor(report.head) : null;
  const text = report.ok
    ? `D1 dashboard audit anchor ${anchor} (${report.count} records, ${now.toISOString()}). Keep it outside the database: \`npm run admin -- audit verify --anchor ${anchor}\` fails if the trail no longer reaches it.`
    : `D1 dashboard audit chain BROKEN at record ${report.brokenSeq}: ${report.reason}. No anchor taken; run \`npm run admin -- audit verify\`.`;
  (report.ok ? log.info : log.error)(`[audit] ${text}`);
  let webhook: string | null = null;
  if (config.webhook) {
    const where = redactUrl(config.webhook.url);
    try {
      const outcome = await postWebhook(
        new URL(config.webhook.url),
        JSON.stringify(payload(config.webhook.format, text, anchor, now)),
        { resolve },
      );
      webhook = `${where}: HTTP ${outcome.status} in ${outcome.ms} ms`;
      if (outcome.status < 200 || outcome.status >= 300)
        log.error(`[audit] the anchor webhook ${webhook}`);
    } catch (error) {
      webhook = `${where} failed: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
      log.error(`[audit] the anchor webhook ${webhook}`);
    }
  }
  return { ok: report.ok, text, anchor, webhook };
}

/** Sends an anchor a minute after start, then every interval; never two at once. */
export function startAnchorSchedule(
  getDb: () => Promise<Db>,
  config: AnchorScheduleConfig,
  log: Log = console,
) {
  if (config.intervalMs === null) return { stop: () => {} };
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await sendAuditAnchor(await getDb(), config, log);
    } catch (error) {
      log.error(`[audit] the anchor could not be taken: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(tick, 60_000);
  const every = setInterval(tick, config.intervalMs);
  first.unref();
  every.unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
