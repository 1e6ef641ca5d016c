// Real SMTP and HTTP peers on loopback, for the reminder tests (Vitest) and the e2e run
// (Playwright): nothing here may import server-only code.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

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
      if (auth.username === opts.user && auth.password === opts.pass)
        return callback(null, { user: auth.username });
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
  const auth = opts.user
    ? `${encodeURIComponent(opts.user)}:${encodeURIComponent(opts.pass ?? "")}@`
    : "";
  return {
    url: `smtp://${auth}127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
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
    const bytes = body
      .replace(/=\r\n/g, "")
      .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  if (/base64/i.test(headers))
    return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
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
        : Buffer.from(
            text
              .replace(/_/g, " ")
              .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            "latin1",
          ).toString("utf8"),
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
      received.push({
        path: req.url ?? "",
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
        status,
      });
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

/**
 * An HTTP server that answers every request with a huge body, written as fast as the client
 * takes it; `written()` says how many body bytes the socket accepted before the client hung up.
 */
export async function startFloodServer(totalBytes = 32 * 1024 * 1024) {
  let accepted = 0;
  let hungUp = false;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/plain", "content-length": String(totalBytes) });
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < totalBytes && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk, () => (accepted += chunk.length)))
            return void res.once("drain", pump);
        }
        if (sent >= totalBytes) res.end();
      };
      res.on("close", () => (hungUp = sent < totalBytes || !res.writableFinished));
      pump();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/flood?token=floodsecret`,
    port,
    written: () => accepted,
    hungUp: () => hungUp,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
