import "server-only";
import nodemailer from "nodemailer";
import type { SmtpConfig } from "../config";
import { redactUrl, scrub } from "../redact";
import type { OutboundChannel } from "./types";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/**
 * Transport options from SMTP_URL (smtp://user:pass@host:587 or smtps://…:465). Certificates
 * are always verified, TLS 1.2 at least. STARTTLS is used whenever the server offers it, and
 * required when there is a password to send to a host other than this machine, so that no
 * password ever crosses the network in clear.
 */
export function smtpTransportOptions(config: SmtpConfig) {
  const url = new URL(config.url);
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:")
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  const secure = url.protocol === "smtps:";
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: Number(url.port) || (secure ? 465 : 587),
    secure,
    requireTLS: !secure && !!user && !LOOPBACK.has(url.hostname),
    auth: user ? { user, pass } : undefined,
    tls: { minVersion: "TLSv1.2" as const, rejectUnauthorized: true },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // No logger: nodemailer's debug output would print the AUTH exchange.
    logger: false,
    debug: false,
  };
}

/** One SMTP connection pool per sweep; one message per delivery, to all of the gateway's recipients. */
export function emailChannel(config: SmtpConfig): OutboundChannel {
  const options = smtpTransportOptions(config);
  const secrets = [options.auth?.pass, config.url];
  const transport = nodemailer.createTransport({ ...options, pool: true, maxConnections: 2 });
  return {
    async send(_ctx, message, to) {
      if (to.reminderEmails.length === 0)
        return { ok: false, final: true, detail: "email: the gateway has no recipients any more" };
      try {
        const info = await transport.sendMail({
          from: config.from,
          to: to.reminderEmails,
          subject: message.title,
          text: message.text,
          html: message.html,
        });
        return {
          ok: true,
          detail: `email to ${to.reminderEmails.length} recipient(s) via ${redactUrl(config.url)}: ${scrub(String(info.response ?? "accepted"), secrets)}`,
        };
      } catch (error) {
        return {
          ok: false,
          detail: `email via ${redactUrl(config.url)} failed: ${scrub((error as Error).message, secrets)}`,
        };
      }
    },
    close: () => transport.close(),
  };
}
