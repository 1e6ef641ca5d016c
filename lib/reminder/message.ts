import { daysLeft, lifecycleState, startRenewalBy } from "@/lib/renewal/dates";
import { certificatePath, type ReminderSubject } from "./subjects";
import { isoDay } from "@/lib/dates";

/** Everything a reminder says, gathered once and rendered for each channel. */
export type ReminderContext = {
  deliveryId: string;
  subject: ReminderSubject;
  threshold: string;
  certificate: { id: string; commonName: string; serialNumber: string; notAfter: Date };
  gateway: { merchantGatewayId: string; name: string };
  environmentCode: string;
  leadDays: number;
};

export type ReminderMessage = {
  title: string;
  text: string;
  html: string;
  link: string;
  /** Relative link, for the in-app notification. */
  path: string;
  payload: Record<string, unknown>;
  /** The message's label/value pairs, for receivers that lay them out (a Teams card). */
  facts: [string, string][];
  /** The link's words ("Open the certificate" when absent). */
  linkLabel?: string;
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Dates are shown as UTC days, the same days the thresholds count in (lib/renewal/dates.ts). */
export function renderReminder(ctx: ReminderContext, now: Date, appUrl: string): ReminderMessage {
  const { certificate: cert, gateway } = ctx;
  const date =
    ctx.subject === "expiry" ? cert.notAfter : startRenewalBy(cert.notAfter, ctx.leadDays);
  const left = daysLeft(date, now);
  const expiryLeft = daysLeft(cert.notAfter, now);
  const overdue = date.getTime() <= now.getTime();
  const what = ctx.subject === "expiry" ? "Certificate expiry" : "Start renewal by";
  const when = overdue ? `${plural(Math.max(0, -left), "day")} ago` : `in ${plural(left, "day")}`;
  const title = `${what} ${isoDay(date)} (${overdue ? "overdue" : when}): ${cert.commonName} · ${gateway.merchantGatewayId} ${ctx.environmentCode}`;
  const next =
    ctx.subject === "expiry"
      ? overdue
        ? "The certificate has expired: D1 refuses this client. Import and deploy the renewed certificate now."
        : "If a renewal is under way, import and deploy the new certificate before this date; otherwise start the renewal today (Thales signs by hand)."
      : overdue
        ? "The renewal should have started already. Open the certificate and choose Start renewal: new key and CSR, then submit it to Thales."
        : "Open the certificate and choose Start renewal before this date: new key and CSR, then submit it to Thales, which signs by hand.";
  const path = certificatePath(gateway.merchantGatewayId, ctx.environmentCode, cert.id);
  const link = `${appUrl}${path}`;
  const facts: [string, string][] = [
    [
      "What",
      `${what} ${isoDay(date)}, ${overdue ? `passed ${plural(Math.max(0, -left), "day")} ago` : `${plural(left, "day")} left`}`,
    ],
    ["Certificate", cert.commonName],
    ["Serial", cert.serialNumber],
    ["Gateway", `${gateway.name} (${gateway.merchantGatewayId})`],
    ["Environment", ctx.environmentCode],
    [
      "Expires",
      `${isoDay(cert.notAfter)} (${expiryLeft >= 0 ? `${plural(expiryLeft, "day")} left` : "expired"})`,
    ],
    ["Next step", next],
  ];
  const text = `${facts.map(([k, v]) => `${k}: ${v}`).join("\n")}\n\nOpen: ${link}\n`;
  const html =
    `<p>${escapeHtml(title)}</p><table>` +
    facts
      .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
      .join("") +
    `</table><p><a href="${escapeHtml(link)}">Open the certificate</a></p>`;
  const payload = {
    reminder: {
      id: ctx.deliveryId,
      subject: ctx.subject,
      threshold: ctx.threshold,
      date: date.toISOString(),
      daysLeft: left,
      overdue,
    },
    certificate: {
      id: cert.id,
      commonName: cert.commonName,
      serialNumber: cert.serialNumber,
      notAfter: cert.notAfter.toISOString(),
      daysLeft: expiryLeft,
      state: lifecycleState(cert.notAfter, ctx.leadDays, now),
    },
    gateway: { merchantGatewayId: gateway.merchantGatewayId, name: gateway.name },
    environment: ctx.environmentCode,
    nextStep: next,
    link,
  };
  return { title, text, html, link, path, payload, facts };
}
