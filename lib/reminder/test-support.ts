// Shared by the reminder, calendar and metrics tests: gateways through the real mutation,
// certificates and users inserted directly (no X.509 needed), and real loopback peers.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { createGateway } from "@/lib/gateway/mutations";

export const testAdmin: Actor = { type: "user", id: null, label: "admin@example.com", role: "admin" };
export const DAY = 86_400_000;
export const at = (iso: string) => new Date(iso);
export const plusDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY);

export type GatewaySetup = {
  merchantGatewayId: string;
  reminderEmails?: string[];
  webhookUrl?: string | null;
  reminderThresholds?: number[];
  renewalLeadDays?: number;
};

/** A gateway with PPR and PRD made by createGateway, then its reminder settings written directly. */
export async function seedGateway(db: Db, setup: GatewaySetup) {
  const result = await createGateway(db, testAdmin, { merchantGatewayId: setup.merchantGatewayId, name: `Gateway ${setup.merchantGatewayId}` });
  if (!result.ok) throw new Error(result.message);
  await db.gateway.update({
    where: { id: result.value.id },
    data: {
      reminderEmails: setup.reminderEmails ?? [],
      webhookUrl: setup.webhookUrl ?? null,
      reminderThresholds: setup.reminderThresholds ?? [120, 90, 60, 30, 14, 7, 3, 1],
      renewalLeadDays: setup.renewalLeadDays ?? 90,
    },
  });
  const env = (code: "PPR" | "PRD") => result.value.environments.find((e) => e.code === code)!.id;
  return { id: result.value.id, ppr: env("PPR"), prd: env("PRD") };
}

let serial = 0;
/** A certificate row with only what reminders read; der is a few dummy bytes. */
export async function insertCertificate(db: Db, environmentId: string, notAfter: Date, extra: { commonName?: string; supersededById?: string } = {}) {
  serial += 1;
  const hex = crypto.randomBytes(8).toString("hex");
  return db.certificate.create({
    data: {
      environmentId,
      der: new Uint8Array([1, 2, 3]),
      serialNumber: `0A${hex}`,
      subjectDn: `CN=${extra.commonName ?? `TLSMA-EC/TEST/${serial}`}`,
      subject: {},
      commonName: extra.commonName ?? `TLSMA-EC/TEST/${serial}`,
      issuerDn: "CN=Thales Test CA",
      notBefore: new Date(notAfter.getTime() - 5 * 365 * DAY),
      notAfter,
      keyType: "EC",
      curve: "P-256",
      signatureAlgorithm: "ecdsa-with-SHA256",
      sha256: crypto.createHash("sha256").update(hex + serial).digest("hex"),
      publicKeySha256: crypto.createHash("sha256").update(`k${hex}`).digest("hex"),
      compliant: true,
      checks: [],
      supersededById: extra.supersededById ?? null,
      createdByLabel: "test",
    },
  });
}

export async function insertUser(db: Db, email: string, role: "viewer" | "operator" | "admin" = "viewer") {
  return db.user.create({ data: { id: crypto.randomUUID(), email, name: email, role, emailVerified: true } });
}

export type ReceivedMail = { from: string; to: string[]; raw: string };

/** A real SMTP server on loopback (smtp-server), without TLS, that keeps every message. */
export async function startSmtpServer(opts: { user?: string; pass?: string } = {}) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: opts.user ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    allowInsecureAuth: true,
    authOptional: !opts.user,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === opts.user && auth.password === opts.pass) return callback(null, { user: auth.username });
      return callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  const auth = opts.user ? `${encodeURIComponent(opts.user)}:${encodeURIComponent(opts.pass ?? "")}@` : "";
  return { url: `smtp://${auth}127.0.0.1:${port}`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The text of a MIME part, quoted-printable decoded (what nodemailer uses for long lines). */
export function mimePart(raw: string, contentType: string): string {
  const start = raw.indexOf(`Content-Type: ${contentType}`);
  if (start < 0) return "";
  const headerEnd = raw.indexOf("\r\n\r\n", start);
  const headers = raw.slice(start, headerEnd);
  const end = raw.indexOf("\r\n--", headerEnd);
  const body = raw.slice(headerEnd + 4, end < 0 ? undefined : end);
  if (/quoted-printable/i.test(headers)) {
    const bytes = body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  if (/base64/i.test(headers)) return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  return body;
}

/** The decoded Subject header (nodemailer encodes non-ASCII as RFC 2047 words). */
export function mailSubject(raw: string): string {
  const header = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1] ?? "";
  return header
    .replace(/\r\n[ \t]/g, " ")
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
    )
    .trim();
}

export type ReceivedHook = { path: string; body: Record<string, unknown>; status: number };

/** A real HTTP server on loopback that answers each webhook with the next planned status (then 200). */
export async function startWebhookServer(plan: number[] = []) {
  const received: ReceivedHook[] = [];
  const statuses = [...plan];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const status = statuses.shift() ?? 200;
      received.push({ path: req.url ?? "", body: JSON.parse(Buffer.concat(chunks).toString("utf8")), status });
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "boom");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/s3cr3tw3bh00kt0k3n?sig=topsecret`,
    received,
    plan: (...more: number[]) => statuses.push(...more),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
