// What a webhook receiver gets, per format. Every text that comes from a certificate or a setting
// (a CN is whatever the CSR said) is escaped for the receiver's markup, so that it can neither
// mention people (Slack `<!channel>`) nor plant a link.
import type { ReminderMessage } from "../message";
import type { WebhookFormat } from "./url";

/** Slack mrkdwn: `&`, `<` and `>` are the control characters (api.slack.com, "Escaping text"). */
export const escapeSlack = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * Teams Adaptive Card text is Markdown: every ASCII punctuation mark that Markdown or HTML give a
 * meaning to is backslash-escaped (CommonMark allows it for any ASCII punctuation), so a CN
 * cannot become a link, an emphasis or an `<at>` mention.
 */
export const escapeTeams = (text: string) =>
  text.replace(/[\\`*_{}[\]()#+\-.!<>&|~]/g, (c) => `\\${c}`);

/** Every string inside a JSON value, escaped (numbers, booleans and keys unchanged). */
function escapeDeep(value: unknown, escapeText: (s: string) => string): unknown {
  if (typeof value === "string") return escapeText(value);
  if (Array.isArray(value)) return value.map((v) => escapeDeep(v, escapeText));
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, escapeDeep(v, escapeText)]),
    );
  return value;
}

/** Slack incoming webhook: `text` in mrkdwn, plus the structured fields (escaped the same way) for other receivers. */
export function slackPayload(message: ReminderMessage) {
  return {
    text: escapeSlack(`${message.title}\n${message.text}`),
    ...(escapeDeep(message.payload, escapeSlack) as Record<string, unknown>),
  };
}

/**
 * Teams: an Adaptive Card in a message envelope, the body a Teams Workflows "post to a channel when
 * a webhook request is received" flow (and the older incoming-webhook connector) accepts. The
 * link is the card's action, not text, so it is not parsed from anything a CN holds.
 */
export function teamsPayload(message: ReminderMessage) {
  const facts = message.facts.map(([title, value]) => ({
    title: escapeTeams(title),
    value: escapeTeams(value),
  }));
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
          body: [
            {
              type: "TextBlock",
              text: escapeTeams(message.title),
              weight: "Bolder",
              size: "Medium",
              wrap: true,
            },
            { type: "FactSet", facts },
          ],
          actions: [
            {
              type: "Action.OpenUrl",
              title: message.linkLabel ?? "Open the certificate",
              url: message.link,
            },
          ],
        },
      },
    ],
  };
}

export function webhookPayload(format: WebhookFormat, message: ReminderMessage) {
  return format === "teams" ? teamsPayload(message) : slackPayload(message);
}
