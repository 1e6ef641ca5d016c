// Reminders reaching real peers on loopback (an SMTP server, an HTTP server), exactly once:
// a second sweep, a restart and two concurrent sweeps send nothing twice; a failing webhook is
// retried with backoff and delivered once.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { newPglite } from "@/lib/db/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/db/generated/client";
import { migrate } from "@/lib/db/migrate";
import { PGliteAdapter } from "@/lib/db/pglite-adapter";
import { pgliteSession } from "@/lib/db/sql-session";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import type { Db } from "@/lib/db/client";
import type { ReminderConfig } from "./config";
import { insertDeliveries, planDeliveries } from "./enqueue";
import {
  at,
  insertCertificate,
  insertUser,
  mailSubject,
  mimePart,
  plusDays,
  seedGateway,
  startSmtpServer,
  startWebhookServer,
  sweepWithoutCustody,
} from "./test-support";

const SMTP_PASS = "smtp-p4ss-w0rd-secret";
type Peers = {
  smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  hook: Awaited<ReturnType<typeof startWebhookServer>>;
  config: ReminderConfig;
};

async function startPeers(): Promise<Peers> {
  const smtp = await startSmtpServer({ user: "mailer", pass: SMTP_PASS });
  const hook = await startWebhookServer();
  return {
    smtp,
    hook,
    config: {
      smtp: { url: smtp.url, from: "D1 dashboard <d1@example.com>" },
      appUrl: "https://certs.example.com",
    },
  };
}
const stopPeers = async (p: Peers) => Promise.all([p.smtp.close(), p.hook.close()]);

/** Nothing about the log may carry the SMTP password or the webhook's secret path and query. */
async function expectNoSecretsLogged(db: Db) {
  const attempts = await db.deliveryAttempt.findMany();
  const deliveries = await db.reminderDelivery.findMany();
  const text = JSON.stringify([attempts.map((a) => a.detail), deliveries.map((d) => d.lastError)]);
  for (const secret of [SMTP_PASS, "s3cr3tw3bh00kt0k3n", "topsecret"])
    expect(text).not.toContain(secret);
}

describe.each(DATABASE_KINDS)("reminder delivery to real peers on %s", (kind) => {
  let t: TestDatabase;
  let peers: Peers;
  beforeAll(async () => {
    [t, peers] = await Promise.all([createTestDatabase(kind), startPeers()]);
    await insertUser(t.prisma, "viewer@example.com");
  });
  afterAll(async () => {
    await stopPeers(peers);
    await t.drop();
  });

  it("emails the gateway's recipients and posts the webhook, once each, with what to do", async () => {
    const gw = await seedGateway(t.prisma, {
      merchantGatewayId: "MGW_000001",
      reminderEmails: ["ops@example.com", "pki@example.com"],
      webhookUrl: peers.hook.url,
    });
    const cert = await insertCertificate(t.prisma, gw.prd, at("2031-04-02T10:00:00Z"), {
      commonName: "TLSMA-EC/MGW_000001/PRD",
    });
    const now = at("2031-03-05T09:00:00Z"); // 28 days before expiry: expiry "30d"; start-renewal-by passed on 2031-01-02
    const first = await sweepWithoutCustody(t.prisma, { now, config: peers.config });
    expect(first).toMatchObject({ due: 2, created: 6, sent: 6, retrying: 0 });

    expect(peers.smtp.received).toHaveLength(2);
    const expiryMail = peers.smtp.received.find((m) =>
      mailSubject(m.raw).startsWith("Certificate expiry"),
    )!;
    expect(expiryMail.to).toEqual(["ops@example.com", "pki@example.com"]);
    expect(expiryMail.raw).toMatch(/^To: ops@example.com, pki@example.com$/m);
    expect(mailSubject(expiryMail.raw)).toBe(
      "Certificate expiry 2031-04-02 (in 28 days): TLSMA-EC/MGW_000001/PRD · MGW_000001 PRD",
    );
    const text = mimePart(expiryMail.raw, "text/plain");
    expect(text).toContain("Certificate: TLSMA-EC/MGW_000001/PRD");
    expect(text).toContain("Gateway: Gateway MGW_000001 (MGW_000001)");
    expect(text).toContain("Environment: PRD");
    expect(text).toContain("What: Certificate expiry 2031-04-02, 28 days left");
    expect(text).toMatch(/Next step: .*import and deploy the new certificate/);
    expect(text).toContain(
      `Open: https://certs.example.com/gateways/MGW_000001/PRD/certificates/${cert.id}`,
    );
    expect(mimePart(expiryMail.raw, "text/html")).toContain(
      `<a href="https://certs.example.com/gateways/MGW_000001/PRD/certificates/${cert.id}">`,
    );
    const srbMail = peers.smtp.received.find((m) =>
      mailSubject(m.raw).startsWith("Start renewal by"),
    )!;
    expect(mailSubject(srbMail.raw)).toBe(
      "Start renewal by 2031-01-02 (overdue): TLSMA-EC/MGW_000001/PRD · MGW_000001 PRD",
    );
    expect(mimePart(srbMail.raw, "text/plain")).toContain(
      "What: Start renewal by 2031-01-02, passed 62 days ago",
    );

    expect(peers.hook.received).toHaveLength(2);
    const hook = peers.hook.received.find(
      (h) => (h.body.reminder as { subject: string }).subject === "expiry",
    )!;
    expect(hook.path).toBe("/services/T000/B000/s3cr3tw3bh00kt0k3n?sig=topsecret");
    expect(hook.body.text).toMatch(
      /^Certificate expiry 2031-04-02 \(in 28 days\): TLSMA-EC\/MGW_000001\/PRD/,
    );
    expect(hook.body).toMatchObject({
      reminder: {
        subject: "expiry",
        threshold: "30d",
        date: "2031-04-02T10:00:00.000Z",
        daysLeft: 28,
        overdue: false,
      },
      certificate: {
        id: cert.id,
        commonName: "TLSMA-EC/MGW_000001/PRD",
        notAfter: "2031-04-02T10:00:00.000Z",
        daysLeft: 28,
        state: "expiring",
      },
      gateway: { merchantGatewayId: "MGW_000001" },
      environment: "PRD",
      link: `https://certs.example.com/gateways/MGW_000001/PRD/certificates/${cert.id}`,
    });

    const second = await sweepWithoutCustody(t.prisma, {
      now: plusDays(now, 0.5),
      config: peers.config,
    });
    expect(second).toMatchObject({ due: 0, created: 0, sent: 0 });
    // Even if the SQL did not skip existing deliveries, the unique key would: nothing is inserted twice.
    const again = planDeliveries(
      [
        {
          certificateId: cert.id,
          subject: "expiry",
          threshold: "30d",
          hasEmail: true,
          hasWebhook: true,
        },
      ],
      true,
    );
    expect(await insertDeliveries(t.prisma, again, now)).toBe(0);
    expect([peers.smtp.received.length, peers.hook.received.length]).toEqual([2, 2]);
    const log = await t.prisma.reminderDelivery.findMany({ include: { log: true } });
    expect(log.map((d) => [d.status, d.attempts, d.log.length])).toEqual(
      Array(6).fill(["sent", 1, 1]),
    );
    await expectNoSecretsLogged(t.prisma);
  });

  it("retries a webhook that answers 500, after the backoff, and delivers it once", async () => {
    await t.prisma.certificate.updateMany({ data: { revokedAt: new Date() } });
    const gw = await seedGateway(t.prisma, {
      merchantGatewayId: "MGW_000002",
      webhookUrl: peers.hook.url,
    });
    const cert = await insertCertificate(t.prisma, gw.ppr, at("2032-01-10T00:00:00Z"));
    const now = at("2031-09-12T00:00:00Z"); // start-renewal-by (2031-10-12) in 30 days; expiry in 120 days
    const before = peers.hook.received.length;
    peers.hook.plan(500, 500);
    const first = await sweepWithoutCustody(t.prisma, { now, config: peers.config });
    expect(first.outcomes.filter((o) => o.channel === "webhook").map((o) => o.status)).toEqual([
      "retry",
      "retry",
    ]);
    const failed = await t.prisma.reminderDelivery.findFirstOrThrow({
      where: { certificateId: cert.id, channel: "webhook", subject: "expiry" },
    });
    expect(failed).toMatchObject({
      status: "retry",
      attempts: 1,
      lastError: expect.stringMatching(
        /^webhook http:\/\/127\.0\.0\.1:\d+\/… \(slack\): HTTP 500 in \d+ ms$/,
      ),
    });
    expect(failed.nextAttemptAt.toISOString()).toBe("2031-09-12T00:01:00.000Z");
    // Not yet: the retry waits for its time.
    await sweepWithoutCustody(t.prisma, { now: plusDays(now, 30 / 86_400), config: peers.config });
    expect(peers.hook.received.length).toBe(before + 2);
    const retried = await sweepWithoutCustody(t.prisma, {
      now: plusDays(now, 61 / 86_400),
      config: peers.config,
    });
    expect(retried.outcomes.map((o) => `${o.channel} ${o.status}`)).toEqual([
      "webhook sent",
      "webhook sent",
    ]);
    await sweepWithoutCustody(t.prisma, { now: plusDays(now, 1 / 24), config: peers.config });
    expect(peers.hook.received.length).toBe(before + 4);
    const delivered = await t.prisma.reminderDelivery.findMany({
      where: { certificateId: cert.id, channel: "webhook" },
      include: { log: { orderBy: { at: "asc" } } },
    });
    for (const d of delivered) {
      expect(d).toMatchObject({ status: "sent", attempts: 2, lastError: null });
      expect(d.log.map((a) => a.ok)).toEqual([false, true]);
    }
    await expectNoSecretsLogged(t.prisma);
  });

  it("gives up after the last attempt and marks the delivery dead", async () => {
    await t.prisma.certificate.updateMany({ data: { revokedAt: new Date() } });
    const gw = await seedGateway(t.prisma, {
      merchantGatewayId: "MGW_000003",
      webhookUrl: "http://127.0.0.1:9/hook?token=abc",
    });
    await insertCertificate(t.prisma, gw.ppr, at("2030-01-10T00:00:00Z"));
    let now = at("2029-12-01T00:00:00Z");
    const statuses: string[] = [];
    for (let i = 0; i < 12; i++) {
      const result = await sweepWithoutCustody(t.prisma, { now, config: peers.config });
      statuses.push(
        ...result.outcomes
          .filter((o) => o.channel === "webhook" && o.subject === "expiry")
          .map((o) => o.status),
      );
      now = plusDays(now, 0.25); // 6 h: past every backoff (capped at 6 h); the threshold stays "60d"
    }
    expect(statuses).toEqual([...Array(11).fill("retry"), "dead"]);
  });

  it("gives up at once when the gateway no longer has the channel", async () => {
    await t.prisma.certificate.updateMany({ data: { revokedAt: new Date() } });
    const gw = await seedGateway(t.prisma, {
      merchantGatewayId: "MGW_000004",
      webhookUrl: peers.hook.url,
    });
    const cert = await insertCertificate(t.prisma, gw.ppr, at("2030-01-10T00:00:00Z"));
    const now = at("2029-12-15T00:00:00Z");
    // Created while the gateway had a webhook; the URL is removed before it goes out.
    await t.prisma.reminderDelivery.create({
      data: {
        certificateId: cert.id,
        subject: "expiry",
        threshold: "30d",
        channel: "webhook",
        nextAttemptAt: now,
      },
    });
    await t.prisma.gateway.update({ where: { id: gw.id }, data: { webhookUrl: null } });
    const result = await sweepWithoutCustody(t.prisma, { now, config: peers.config });
    expect(result.outcomes.filter((o) => o.channel === "webhook")).toEqual([
      expect.objectContaining({
        status: "dead",
        detail: "webhook: the gateway has no webhook URL any more",
      }),
    ]);
  });

  it("a broken SMTP_URL fails the email deliveries only, without leaking it", async () => {
    await t.prisma.certificate.updateMany({ data: { revokedAt: new Date() } });
    const gw = await seedGateway(t.prisma, {
      merchantGatewayId: "MGW_000005",
      reminderEmails: ["ops@example.com"],
    });
    await insertCertificate(t.prisma, gw.ppr, at("2030-01-10T00:00:00Z"));
    const config = {
      smtp: { url: "http://mailer:pw-in-url@mail.example.com", from: "d1@example.com" },
      appUrl: "https://certs.example.com",
    };
    const result = await sweepWithoutCustody(t.prisma, { now: at("2029-12-15T00:00:00Z"), config });
    const byChannel = (channel: string) =>
      result.outcomes.filter((o) => o.channel === channel).map((o) => o.status);
    expect(byChannel("in-app")).toEqual(["sent", "sent"]);
    expect(byChannel("email")).toEqual(["retry", "retry"]);
    expect(result.outcomes.find((o) => o.channel === "email")!.detail).toBe(
      "email: SMTP_URL must start with smtp:// or smtps://, not http://",
    );
  });
});

/** Opens the same database again with a new client: PGlite from its directory, or PostgreSQL by URL. */
type Reopenable = {
  open: () => Promise<{ prisma: PrismaClient; close: () => Promise<void> }>;
  cleanup: () => Promise<void>;
};

async function pgliteDir(): Promise<Reopenable> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-reminders-"));
  return {
    open: async () => {
      const pglite = newPglite(dir);
      await migrate(pgliteSession(pglite));
      const prisma = new PrismaClient({ adapter: new PGliteAdapter(pglite) });
      return {
        prisma,
        close: async () => {
          await prisma.$disconnect();
          await pglite.close();
        },
      };
    },
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresDb(): Promise<Reopenable> {
  const t = await createTestDatabase("postgres");
  await t.prisma.$disconnect();
  return {
    open: async () => {
      const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: t.url! }) });
      return { prisma, close: () => prisma.$disconnect() };
    },
    cleanup: () => t.drop(),
  };
}

describe.each(DATABASE_KINDS)("exactly once across a restart on %s", (kind) => {
  it("a new client on the same database sends nothing again", async () => {
    const peers = await startPeers();
    const store = kind === "pglite" ? await pgliteDir() : await postgresDb();
    try {
      const now = at("2031-03-05T09:00:00Z");
      const first = await store.open();
      await insertUser(first.prisma, "viewer@example.com");
      const gw = await seedGateway(first.prisma, {
        merchantGatewayId: "MGW_000001",
        reminderEmails: ["ops@example.com"],
        webhookUrl: peers.hook.url,
      });
      await insertCertificate(first.prisma, gw.prd, at("2031-04-02T10:00:00Z"));
      expect((await sweepWithoutCustody(first.prisma, { now, config: peers.config })).sent).toBe(6);
      await first.close();

      const second = await store.open();
      const again = await sweepWithoutCustody(second.prisma, {
        now: plusDays(now, 0.1),
        config: peers.config,
      });
      expect(again).toMatchObject({ due: 0, created: 0, sent: 0 });
      expect([peers.smtp.received.length, peers.hook.received.length]).toEqual([2, 2]);
      expect(await second.prisma.notification.count()).toBe(2);
      await second.close();
    } finally {
      await stopPeers(peers);
      await store.cleanup();
    }
  }, 180_000); // PGlite's first open runs initdb: slow on a loaded machine (as in targets.test.ts)
});

describe("two instances on one PostgreSQL", () => {
  it("two concurrent sweeps with separate clients send each reminder exactly once", async () => {
    const peers = await startPeers();
    const store = await postgresDb();
    const [a, b] = [await store.open(), await store.open()];
    try {
      await insertUser(a.prisma, "viewer@example.com");
      const gw = await seedGateway(a.prisma, {
        merchantGatewayId: "MGW_000001",
        reminderEmails: ["ops@example.com"],
        webhookUrl: peers.hook.url,
      });
      const now = at("2031-03-05T09:00:00Z");
      for (let i = 0; i < 15; i++)
        await insertCertificate(a.prisma, i % 2 ? gw.prd : gw.ppr, plusDays(now, 20 + i));
      const [ra, rb] = await Promise.all([
        sweepWithoutCustody(a.prisma, { now, config: peers.config }),
        sweepWithoutCustody(b.prisma, { now, config: peers.config }),
      ]);
      const total = 15 * 2 * 3; // certificates × subjects × channels
      expect(ra.created + rb.created).toBe(total);
      expect(ra.sent + rb.sent).toBe(total);
      expect(peers.smtp.received).toHaveLength(30);
      expect(peers.hook.received).toHaveLength(30);
      expect(
        new Set(peers.hook.received.map((h) => (h.body.reminder as { id: string }).id)).size,
      ).toBe(30);
      expect(await a.prisma.deliveryAttempt.count()).toBe(total);
      expect(
        await a.prisma.reminderDelivery.count({ where: { status: "sent", attempts: 1 } }),
      ).toBe(total);
      expect(await a.prisma.notification.count()).toBe(30);
      // Both instances run again: still nothing twice.
      await Promise.all([
        sweepWithoutCustody(a.prisma, { now, config: peers.config }),
        sweepWithoutCustody(b.prisma, { now, config: peers.config }),
      ]);
      expect([peers.smtp.received.length, peers.hook.received.length]).toEqual([30, 30]);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await stopPeers(peers);
      await store.cleanup();
    }
  });
});
