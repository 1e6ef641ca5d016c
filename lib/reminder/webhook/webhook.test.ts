// Webhooks against real HTTP receivers on loopback: a CN that tries to mention the channel arrives
// escaped (Slack and Teams), a metadata or link-local target is refused before any connection, the
// connection goes to the address that was checked (a lying resolver cannot swap it), and a huge
// answer is cut off after a few KB, its body never stored.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import {
  at,
  insertCertificate,
  seedGateway,
  startFloodServer,
  startWebhookServer,
  sweepWithoutCustody,
} from "../test-support";
import { escapeSlack, escapeTeams } from "./payload";
import {
  postWebhook,
  resolveWebhookHost,
  WebhookRefused,
  WEBHOOK_MAX_RESPONSE_BYTES,
  type Resolver,
} from "./post";
import { checkWebhookUrl, describeWebhookUrl } from "./url";

const EVIL_CN =
  "TLSMA-RSA/<!channel> <https://evil.example|click here> & @here *bold* [x](https://evil.example)";
const config = { smtp: null, appUrl: "https://certs.example.com" };

describe("webhook URL checks (when saved)", () => {
  it.each([
    ["http://169.254.169.254/latest/meta-data", /cloud metadata address/],
    ["https://metadata.google.internal/computeMetadata/v1/", /cloud metadata service/],
    ["http://[fd00:ec2::254]/hook", /AWS IPv6 metadata address/],
    ["http://[::ffff:169.254.169.254]/hook", /cloud metadata address/],
    ["http://169.254.10.1:8080/hook", /link-local/],
    ["http://[fe80::1]/hook", /link-local/],
    ["http://0.0.0.0/hook", /not a server address/],
  ])("refuses %s", (url, message) => {
    const check = checkWebhookUrl(url);
    expect(check).toMatchObject({ ok: false, code: "webhook_host_refused" });
    expect(check.ok ? "" : check.message).toMatch(message);
  });

  it("refuses what is not an http(s) URL, and keeps Slack, Teams and loopback receivers", () => {
    expect(checkWebhookUrl("ftp://example.com/x")).toMatchObject({
      ok: false,
      code: "webhook_url_invalid",
    });
    expect(checkWebhookUrl("not a url")).toMatchObject({ ok: false, code: "webhook_url_invalid" });
    for (const url of [
      "https://hooks.slack.com/services/T0/B0/abc",
      "https://prod-12.westeurope.logic.azure.com/workflows/x/triggers/manual/paths/invoke?sig=s",
      "http://127.0.0.1:9000/hook",
      "http://10.0.0.5/hook",
    ]) {
      expect(checkWebhookUrl(url)).toEqual({ ok: true, url });
    }
  });

  it("shows the origin and a SHA-256 of the whole URL, never the secret part", () => {
    const shown = describeWebhookUrl("https://hooks.slack.com/services/T0/B0/s3cret");
    // Checked against Node's crypto, independently of the code under test.
    expect(shown).toEqual({
      origin: "https://hooks.slack.com/…",
      sha256: crypto
        .createHash("sha256")
        .update("https://hooks.slack.com/services/T0/B0/s3cret")
        .digest("hex"),
    });
    expect(describeWebhookUrl(null)).toBeNull();
  });
});

describe("escaping", () => {
  it("Slack: & < > become entities, so <!channel> and <url|text> are plain text", () => {
    expect(escapeSlack("<!channel> & <https://x|y>")).toBe(
      "&lt;!channel&gt; &amp; &lt;https://x|y&gt;",
    );
  });
  it("Teams: Markdown and HTML punctuation is backslash-escaped", () => {
    expect(escapeTeams("[x](https://e.example) <at>all</at> *b*")).toBe(
      "\\[x\\]\\(https://e\\.example\\) \\<at\\>all\\</at\\> \\*b\\*",
    );
  });
});

describe("the call itself", () => {
  it("refuses a name that resolves to the metadata address, before any connection", async () => {
    const lookups: string[] = [];
    const resolve: Resolver = async (host) => {
      lookups.push(host);
      return [{ address: "169.254.169.254", family: 4 }];
    };
    await expect(resolveWebhookHost("hooks.example.test", resolve)).rejects.toThrow(WebhookRefused);
    await expect(resolveWebhookHost("hooks.example.test", resolve)).rejects.toThrow(
      /resolves to 169\.254\.169\.254 is a cloud metadata address/,
    );
    // One good address among refused ones refuses the name too.
    await expect(
      resolveWebhookHost("mixed.example.test", async () => [
        { address: "127.0.0.1", family: 4 },
        { address: "fd00:ec2::254", family: 6 },
      ]),
    ).rejects.toThrow(/AWS IPv6 metadata/);
    expect(lookups).toEqual(["hooks.example.test", "hooks.example.test"]);
  });

  it("connects to the checked address: a resolver that changes its answer (rebinding) is asked once", async () => {
    const hook = await startWebhookServer();
    try {
      const port = new URL(hook.url).port;
      let calls = 0;
      // First answer: the loopback receiver; any later answer: the metadata service.
      const rebinding: Resolver = async () =>
        calls++ === 0
          ? [{ address: "127.0.0.1", family: 4 }]
          : [{ address: "169.254.169.254", family: 4 }];
      // hooks.rebind.test does not exist in DNS: reaching the receiver proves the pinned address was used.
      const outcome = await postWebhook(
        new URL(`http://hooks.rebind.test:${port}/services/x?sig=1`),
        JSON.stringify({ text: "hi" }),
        { resolve: rebinding },
      );
      expect(outcome).toMatchObject({ status: 200, address: "127.0.0.1" });
      expect(calls).toBe(1);
      expect(hook.received).toEqual([
        { path: "/services/x?sig=1", body: { text: "hi" }, status: 200 },
      ]);
    } finally {
      await hook.close();
    }
  });

  it("reads at most a few KB of a huge answer and hangs up", async () => {
    const flood = await startFloodServer(32 * 1024 * 1024);
    try {
      const started = performance.now();
      const outcome = await postWebhook(new URL(flood.url), "{}");
      expect(outcome.status).toBe(200);
      expect(outcome.bodyBytesRead).toBeGreaterThanOrEqual(WEBHOOK_MAX_RESPONSE_BYTES);
      // One socket read past the cap at most (Node reads up to 64 KB at a time), far from the 32 MB sent.
      expect(outcome.bodyBytesRead).toBeLessThanOrEqual(64 * 1024);
      await expect.poll(() => flood.hungUp(), { timeout: 5000 }).toBe(true);
      expect(flood.written()).toBeLessThan(8 * 1024 * 1024);
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await flood.close();
    }
  });
});

describe.each(DATABASE_KINDS)("webhook deliveries on %s", (kind) => {
  let t: TestDatabase;
  let hook: Awaited<ReturnType<typeof startWebhookServer>>;
  let chatty: http.Server;
  let chattyUrl: string;
  beforeAll(async () => {
    [t, hook] = await Promise.all([createTestDatabase(kind), startWebhookServer()]);
    // A receiver that answers with a body holding a secret of its own: it must not be logged.
    chatty = http.createServer((req, res) =>
      req
        .resume()
        .on("end", () => res.writeHead(400).end("invalid_payload: token xoxb-LEAKED-BODY")),
    );
    await new Promise<void>((r) => chatty.listen(0, "127.0.0.1", r));
    chattyUrl = `http://127.0.0.1:${(chatty.address() as AddressInfo).port}/services/T/B/chattysecret`;
  }, 180_000);
  afterAll(async () => {
    await hook.close();
    await new Promise<void>((r) => chatty.close(() => r()));
    await t.drop();
  });
  const now = at("2031-03-05T09:00:00Z");
  const expiring = at("2031-03-20T10:00:00Z"); // 15 days left: threshold 30d for expiry, start-renewal-by overdue

  it("Slack: a CN with <!channel> arrives escaped at the receiver, in every string", async () => {
    const gw = await seedGateway(t.prisma, {
      merchantGatewayId: "MGW_SLACK1",
      webhookUrl: hook.url,
      reminderThresholds: [30],
    });
    await insertCertificate(t.prisma, gw.prd, expiring, { commonName: EVIL_CN });
    const result = await sweepWithoutCustody(t.prisma, { now, config });
    expect(result.outcomes.filter((o) => o.channel === "webhook").map((o) => o.status)).toEqual([
      "sent",
      "sent",
    ]);
    const body = hook.received.at(-1)!.body;
    const raw = JSON.stringify(hook.received.map((h) => h.body));
    expect(raw).not.toContain("<!channel>");
    expect(raw).not.toContain("<https://evil.example");
    expect(body.text).toContain(
      "TLSMA-RSA/&lt;!channel&gt; &lt;https://evil.example|click here&gt; &amp; @here",
    );
    expect((body.certificate as { commonName: string }).commonName).toBe(escapeSlack(EVIL_CN));
    const detail = await t.prisma.deliveryAttempt.findMany({
      where: { delivery: { channel: "webhook", certificate: { environmentId: gw.prd } } },
    });
    expect(detail.map((d) => d.detail)).toEqual([
      expect.stringMatching(/^webhook http:\/\/127\.0\.0\.1:\d+\/… \(slack\): HTTP 200 in \d+ ms$/),
      expect.stringMatching(/HTTP 200 in \d+ ms$/),
    ]);
  });

  it("Teams: an Adaptive Card whose texts are escaped; the link is the card's action", async () => {
    const before = hook.received.length;
    const gw = await seedGateway(t.prisma, {
      merchantGatewayId: "MGW_TEAMS1",
      webhookUrl: hook.url,
      webhookFormat: "teams",
      reminderThresholds: [30],
    });
    const cert = await insertCertificate(t.prisma, gw.prd, expiring, { commonName: EVIL_CN });
    await sweepWithoutCustody(t.prisma, { now, config });
    const cards = hook.received.slice(before).map(
      (h) =>
        h.body as {
          type: string;
          attachments: {
            contentType: string;
            content: {
              type: string;
              body: { type: string; text?: string; facts?: { title: string; value: string }[] }[];
              actions: { url: string }[];
            };
          }[];
        },
    );
    expect(cards).toHaveLength(2);
    const card = cards[0]!;
    expect(card.type).toBe("message");
    expect(card.attachments[0]!.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card.attachments[0]!.content.type).toBe("AdaptiveCard");
    const facts = card.attachments[0]!.content.body.find((b) => b.type === "FactSet")!.facts!;
    expect(facts.find((f) => f.title === "Certificate")!.value).toBe(escapeTeams(EVIL_CN));
    expect(JSON.stringify(cards)).not.toMatch(/(?<!\\)<!channel(?<!\\)>/);
    expect(JSON.stringify(cards)).not.toContain("](https://evil");
    expect(card.attachments[0]!.content.actions[0]!.url).toBe(
      `https://certs.example.com/gateways/MGW_TEAMS1/PRD/certificates/${cert.id}`,
    );
  });

  it("keeps only the status and the time of an answer, never its body", async () => {
    const gw = await seedGateway(t.prisma, {
      merchantGatewayId: "MGW_CHATTY",
      webhookUrl: chattyUrl,
      reminderThresholds: [30],
    });
    await insertCertificate(t.prisma, gw.prd, expiring);
    await sweepWithoutCustody(t.prisma, { now, config });
    const rows = await t.prisma.reminderDelivery.findMany({
      where: { channel: "webhook", certificate: { environmentId: gw.prd } },
      include: { log: true },
    });
    const logged = JSON.stringify(rows);
    expect(logged).toMatch(/HTTP 400 in \d+ ms/);
    expect(logged).not.toContain("LEAKED");
    expect(logged).not.toContain("chattysecret");
  });

  it.each([
    [
      "http://169.254.169.254/latest/meta-data/iam",
      /169\.254\.169\.254 is a cloud metadata address/,
    ],
    [
      "http://metadata.google.internal/computeMetadata/v1/",
      /metadata\.google\.internal is a cloud metadata service/,
    ],
  ])(
    "refuses a stored webhook to %s when it is called: dead at once, no connection",
    async (url, reason) => {
      const id = `MGW_META${url.includes("google") ? "G1" : "A1"}`;
      // Stored before this check existed (or written to the database directly).
      const gw = await seedGateway(t.prisma, {
        merchantGatewayId: id,
        webhookUrl: url,
        reminderThresholds: [30],
      });
      await insertCertificate(t.prisma, gw.ppr, expiring);
      const started = performance.now();
      const result = await sweepWithoutCustody(t.prisma, { now, config });
      const outcomes = result.outcomes.filter((o) => o.channel === "webhook");
      expect(outcomes.map((o) => o.status)).toEqual(["dead", "dead"]);
      for (const o of outcomes) {
        expect(o.detail).toMatch(/refused, no connection made: /);
        expect(o.detail).toMatch(reason);
        expect(o.detail).not.toContain("meta-data/iam");
        expect(o.detail).not.toContain("computeMetadata");
      }
      // A connection attempt to 169.254.169.254 would wait for its timeout (10 s): none was made.
      expect(performance.now() - started).toBeLessThan(3000);
    },
  );
});
