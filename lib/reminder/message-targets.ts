// The messages of the reminders that are not about a client certificate (ADR 0023): a trust-store
// entry's start-by and expiry, a finding, the yearly review. Same shape as message.ts, so every
// channel (email, Slack/Teams webhook, bell) renders them unchanged.
import { daysLeft } from "@/lib/renewal/dates";
import { TRUST_STORE_KINDS, type TrustStoreSlug } from "@/lib/trust-store/kinds";
import type { ReminderMessage } from "./message";
import { TRUST_ENTRY_RULES, type TrustEntrySubject } from "./targets";
import { isoDay } from "@/lib/dates";

type Place = { gateway: { merchantGatewayId: string; name: string }; environmentCode: string };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const environmentPath = (p: Place) =>
  `/gateways/${encodeURIComponent(p.gateway.merchantGatewayId)}/${p.environmentCode}`;

function assemble(
  title: string,
  facts: [string, string][],
  path: string,
  appUrl: string,
  linkLabel: string,
  payload: Record<string, unknown>,
): ReminderMessage {
  const link = `${appUrl}${path}`;
  const text = `${facts.map(([k, v]) => `${k}: ${v}`).join("\n")}\n\nOpen: ${link}\n`;
  const html =
    `<p>${escapeHtml(title)}</p><table>` +
    facts
      .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
      .join("") +
    `</table><p><a href="${escapeHtml(link)}">${escapeHtml(linkLabel)}</a></p>`;
  return { title, text, html, link, path, payload: { ...payload, link }, facts, linkLabel };
}

export type TrustEntryContext = Place & {
  deliveryId: string;
  subject: TrustEntrySubject;
  threshold: string;
  entry: {
    id: string;
    slug: TrustStoreSlug;
    subjectDn: string;
    issuerDn: string;
    sha256: string;
    notAfter: Date;
    isCa: boolean;
  };
  leadDays: number;
};

/** A CA, root or our server chain's certificate reaching its start-by date or its expiry. */
export function renderTrustEntryReminder(
  ctx: TrustEntryContext,
  now: Date,
  appUrl: string,
): ReminderMessage {
  const { entry } = ctx;
  const rule = TRUST_ENTRY_RULES[entry.slug];
  const store = TRUST_STORE_KINDS[entry.slug].title;
  const date =
    ctx.subject === "expiry"
      ? entry.notAfter
      : new Date(entry.notAfter.getTime() - ctx.leadDays * 86_400_000);
  const left = daysLeft(date, now);
  const expiryLeft = daysLeft(entry.notAfter, now);
  const overdue = date.getTime() <= now.getTime();
  const what = ctx.subject === "expiry" ? `${store} expiry` : `${store}: start replacing by`;
  const title = `${what} ${isoDay(date)} (${overdue ? "overdue" : `in ${plural(left, "day")}`}): ${entry.subjectDn} · ${ctx.gateway.merchantGatewayId} ${ctx.environmentCode}`;
  const next = overdue ? rule.overdueAction : rule.action;
  const facts: [string, string][] = [
    [
      "What",
      `${ctx.subject === "expiry" ? "Expiry" : "Start replacing by"} ${isoDay(date)}, ${overdue ? `passed ${plural(Math.max(0, -left), "day")} ago` : `${plural(left, "day")} left`}`,
    ],
    ["Trust store", `${store} (${rule.what})`],
    ["Certificate", entry.subjectDn],
    ["Issuer", entry.issuerDn],
    ["SHA-256", entry.sha256],
    ["Gateway", `${ctx.gateway.name} (${ctx.gateway.merchantGatewayId})`],
    ["Environment", ctx.environmentCode],
    [
      "Expires",
      `${isoDay(entry.notAfter)} (${expiryLeft >= 0 ? `${plural(expiryLeft, "day")} left` : "expired"})`,
    ],
    ["Next step", next],
  ];
  const path = `${environmentPath(ctx)}/trust-stores`;
  return assemble(title, facts, path, appUrl, "Open the trust stores", {
    reminder: {
      id: ctx.deliveryId,
      subject: ctx.subject,
      threshold: ctx.threshold,
      date: date.toISOString(),
      daysLeft: left,
      overdue,
    },
    trustStoreEntry: {
      id: entry.id,
      store: entry.slug,
      subjectDn: entry.subjectDn,
      issuerDn: entry.issuerDn,
      sha256: entry.sha256,
      notAfter: entry.notAfter.toISOString(),
      daysLeft: expiryLeft,
      isCa: entry.isCa,
    },
    gateway: ctx.gateway,
    environment: ctx.environmentCode,
    nextStep: next,
  });
}

export type FindingContent = {
  severity: "warning" | "critical";
  title: string;
  detail: string;
  link: string;
  key?: string;
};

/** A finding as it was found (DeliverableFinding), by email or webhook. */
export function renderFindingMessage(
  ctx: Place & { deliveryId: string; finding: FindingContent },
  appUrl: string,
): ReminderMessage {
  const f = ctx.finding;
  const severity = f.severity === "critical" ? "Critical" : "Warning";
  const title = f.title.startsWith(severity) ? f.title : `${severity}: ${f.title}`;
  const facts: [string, string][] = [
    ["Finding", f.detail],
    ["Severity", severity],
    ["Gateway", `${ctx.gateway.name} (${ctx.gateway.merchantGatewayId})`],
    ["Environment", ctx.environmentCode],
  ];
  return assemble(title, facts, f.link, appUrl, "Open the finding", {
    finding: {
      id: ctx.deliveryId,
      key: f.key ?? null,
      severity: f.severity,
      title: f.title,
      detail: f.detail,
    },
    gateway: ctx.gateway,
    environment: ctx.environmentCode,
  });
}

export type ReviewContext = Place & {
  deliveryId: string;
  threshold: string;
  dueOn: Date;
  lastReviewedOn: Date | null;
};

/** The yearly review of the inventory and of the protocols (PCI DSS 12.3.3). */
export function renderReviewReminder(
  ctx: ReviewContext,
  now: Date,
  appUrl: string,
): ReminderMessage {
  const left = daysLeft(ctx.dueOn, now);
  const overdue = ctx.dueOn.getTime() <= now.getTime();
  const title = `Yearly review due ${isoDay(ctx.dueOn)} (${overdue ? "overdue" : `in ${plural(left, "day")}`}): inventory and protocols · ${ctx.gateway.merchantGatewayId} ${ctx.environmentCode}`;
  const next =
    "Review the inventory of keys and certificates and the protocols and cipher suites in use, then record the review (an admin): PCI DSS 4.2.1.1 and 12.3.3 ask for it at least every twelve months.";
  const facts: [string, string][] = [
    [
      "What",
      `Yearly review due ${isoDay(ctx.dueOn)}, ${overdue ? `passed ${plural(Math.max(0, -left), "day")} ago` : `${plural(left, "day")} left`}`,
    ],
    ["Last review", ctx.lastReviewedOn ? isoDay(ctx.lastReviewedOn) : "none recorded"],
    ["Gateway", `${ctx.gateway.name} (${ctx.gateway.merchantGatewayId})`],
    ["Environment", ctx.environmentCode],
    ["Next step", next],
  ];
  return assemble(title, facts, environmentPath(ctx), appUrl, "Open the environment", {
    reminder: {
      id: ctx.deliveryId,
      subject: "review",
      threshold: ctx.threshold,
      date: ctx.dueOn.toISOString(),
      daysLeft: left,
      overdue,
    },
    review: {
      dueOn: isoDay(ctx.dueOn),
      lastReviewedOn: ctx.lastReviewedOn ? isoDay(ctx.lastReviewedOn) : null,
    },
    gateway: ctx.gateway,
    environment: ctx.environmentCode,
    nextStep: next,
  });
}
