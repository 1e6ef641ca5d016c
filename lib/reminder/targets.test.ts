// Issue 17 item 3 (ADR 0023), against real peers on loopback (an SMTP server, an HTTP server), on
// PGlite and PostgreSQL: a trust-store CA close to expiry and a CA-change finding each reach every
// custodian once by email, the gateway's webhook once and every user's bell once, across two sweeps
// and a restart (a new client over the same database); removed and disabled custodians get nothing;
// the yearly review reaches admins and custodians; the certificate reminders are what they were.
// With the sweep's default finding sources, an environment without a custodian raises "no
// custodian" once by email, webhook and bell, and naming one stops it; the other tests name the
// sources they are about (SOURCES_WITHOUT_CUSTODY, or only ca-change).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/db/generated/client";
import type { Db } from "@/lib/db/client";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { newPglite } from "@/lib/db/pglite";
import { PGliteAdapter } from "@/lib/db/pglite-adapter";
import { pgliteSession, postgresSession, type SqlSession } from "@/lib/db/sql-session";
import {
  createPostgresDatabase,
  createTestDatabase,
  DATABASE_KINDS,
  type TestDatabase,
} from "@/lib/testing/databases";
import type { DeliverableFinding } from "@/lib/finding/deliverable";
import type { ReminderConfig } from "./config";
import { runSweep } from "./sweep";
import { environmentSettings } from "./due";
import { selectTrustEntryPairs } from "./due-targets";
import { FINDING_SOURCES } from "./findings";
import { mergeAddresses } from "./recipients";
import {
  at,
  insertCertificate,
  insertUser,
  mailSubject,
  mimePart,
  plusDays,
  seedGateway,
  SOURCES_WITHOUT_CUSTODY,
  startSmtpServer,
  startWebhookServer,
  testAdmin,
} from "./test-support";
import { assignCustodian } from "@/lib/custody/mutations";
import { custodyFindings } from "@/lib/custody/findings";

type Peers = {
  smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  hook: Awaited<ReturnType<typeof startWebhookServer>>;
  config: ReminderConfig;
};
async function startPeers(): Promise<Peers> {
  const [smtp, hook] = await Promise.all([startSmtpServer(), startWebhookServer()]);
  return {
    smtp,
    hook,
    config: {
      smtp: { url: smtp.url, from: "D1 dashboard <d1@example.com>" },
      appUrl: "https://certs.example.com",
    },
  };
}
const stopPeers = (p: Peers) => Promise.all([p.smtp.close(), p.hook.close()]);

/** The same database opened again by a new client (a restart): PGlite from its directory, PostgreSQL by URL. */
type Reopenable = {
  open: () => Promise<{ prisma: PrismaClient; close: () => Promise<void> }>;
  cleanup: () => Promise<void>;
};
async function reopenable(kind: "pglite" | "postgres"): Promise<Reopenable> {
  if (kind === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-targets-"));
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

/** A trust-store row with what reminders read; the der is a few dummy bytes. */
async function insertTrustEntry(
  db: Db,
  environmentId: string,
  kind: "thales_client_ca" | "client_cert_issuers" | "d1_server_roots" | "our_server_chain",
  notAfter: Date,
  subjectDn = "CN=Thales Client CA G2",
) {
  return db.trustStoreEntry.create({
    data: {
      environmentId,
      kind,
      der: new Uint8Array([1, 2, 3]),
      sha256: crypto.randomBytes(32).toString("hex"),
      subjectDn,
      issuerDn: "CN=Thales Root",
      notBefore: plusDays(notAfter, -3650),
      notAfter,
      isCa: kind !== "our_server_chain",
      selfIssued: false,
      createdByLabel: "test",
    },
  });
}

/** Custodians of one environment: two active, one removed, one whose account is disabled. */
async function seedCustodians(db: Db, environmentId: string) {
  const one = await insertUser(db, "custodian.one@example.com");
  const two = await insertUser(db, "custodian.two@example.com", "operator");
  const removed = await insertUser(db, "removed@example.com");
  const disabled = await insertUser(db, "disabled@example.com");
  await db.user.update({
    where: { id: disabled.id },
    data: { disabledAt: new Date(), disabledReason: "admin" },
  });
  for (const u of [one, two, removed, disabled])
    await db.environmentCustodian.create({
      data: { environmentId, userId: u.id, assignedBy: "admin@example.com" },
    });
  await db.environmentCustodian.updateMany({
    where: { userId: removed.id },
    data: { removedAt: new Date(), removedBy: "admin@example.com" },
  });
  return { one, two };
}

/** Every address each message went to, counted: one message per reminder, each address once in it. */
const addressCounts = (mails: { to: string[] }[]) => {
  const counts: Record<string, number> = {};
  for (const m of mails)
    for (const to of m.to) counts[to.toLowerCase()] = (counts[to.toLowerCase()] ?? 0) + 1;
  return counts;
};

describe.each(DATABASE_KINDS)(
  "every expiry watched, exactly once per custodian and channel, on %s",
  (kind) => {
    it("a Thales Client CA expiring in 20 days: exactly one email per custodian and one webhook, across two sweeps and a restart", async () => {
      const peers = await startPeers();
      const store = await reopenable(kind);
      try {
        const now = at("2031-03-05T09:00:00Z");
        const first = await store.open();
        // The gateway's list names a custodian too (another spelling): that address gets one copy.
        const gw = await seedGateway(first.prisma, {
          merchantGatewayId: "MGW_000001",
          reminderEmails: ["ops@example.com", "Custodian.One@example.com"],
          webhookUrl: peers.hook.url,
        });
        await seedCustodians(first.prisma, gw.prd);
        await insertUser(first.prisma, "viewer@example.com");
        // Reviewed a month ago: the yearly review is not due in this test.
        await first.prisma.inventoryReview.create({
          data: {
            environmentId: null,
            reviewedOn: plusDays(now, -30),
            reviewerLabel: "admin@example.com",
          },
        });
        const ca = await insertTrustEntry(
          first.prisma,
          gw.prd,
          "thales_client_ca",
          plusDays(now, 20),
        );
        // About the CA's reminders: PPR has no custodian, and its "no custodian" finding is the
        // subject of the custody test below.
        const sweep1 = await runSweep(first.prisma, {
          now,
          config: peers.config,
          findingSources: SOURCES_WITHOUT_CUSTODY,
        });
        // Two dates are due, the expiry (30-day threshold crossed) and the start-by date (expiry minus
        // the 90-day lead, long past), but an entry gets one reminder per sweep: the start-by one,
        // whose message also states the expiry. By email, webhook and bell.
        const mine = sweep1.outcomes.filter((o) => o.targetKey === ca.id);
        expect(
          mine.map((o) => `${o.subject} ${o.threshold} ${o.channel} ${o.status}`).sort(),
        ).toEqual([
          "start-by overdue:2031-03-05 email sent",
          "start-by overdue:2031-03-05 in-app sent",
          "start-by overdue:2031-03-05 webhook sent",
        ]);
        expect(
          mine.every((o) => o.targetKind === "trust-store-entry" && o.certificateId === null),
        ).toBe(true);
        // A second sweep a little later sends nothing.
        expect(
          await runSweep(first.prisma, {
            now: plusDays(now, 0.1),
            config: peers.config,
            findingSources: SOURCES_WITHOUT_CUSTODY,
          }),
        ).toMatchObject({ due: 0, created: 0, sent: 0 });
        await first.close();

        // A restart: a new client over the same database.
        const second = await store.open();
        expect(
          await runSweep(second.prisma, {
            now: plusDays(now, 0.2),
            config: peers.config,
            findingSources: SOURCES_WITHOUT_CUSTODY,
          }),
        ).toMatchObject({ due: 0, created: 0, sent: 0 });

        expect(peers.smtp.received).toHaveLength(1);
        expect(addressCounts(peers.smtp.received)).toEqual({
          "ops@example.com": 1,
          "custodian.one@example.com": 1,
          "custodian.two@example.com": 1,
        });
        const subjects = peers.smtp.received.map((m) => mailSubject(m.raw)).sort();
        expect(subjects).toEqual([
          "Thales Client CA: start replacing by 2030-12-25 (overdue): CN=Thales Client CA G2 · MGW_000001 PRD",
        ]);
        for (const mail of peers.smtp.received) {
          const text = mimePart(mail.raw, "text/plain");
          expect(text).toMatch(/ask Thales for the new Client CA/i);
          expect(text).toContain("Expires: 2031-03-25 (20 days left)");
          expect(text).toContain("https://certs.example.com/gateways/MGW_000001/PRD/trust-stores");
        }
        expect(peers.hook.received).toHaveLength(1);
        for (const hook of peers.hook.received) {
          expect(hook.body).toMatchObject({
            trustStoreEntry: { id: ca.id, store: "thales-client-ca", daysLeft: 20 },
            environment: "PRD",
          });
          expect(String(hook.body.text)).toContain("CN=Thales Client CA G2");
        }
        // The bell: one notification per user and reminder (every role reads every trust store).
        const users = await second.prisma.user.count();
        expect(
          await second.prisma.notification.count({
            where: { title: { contains: "Thales Client CA" } },
          }),
        ).toBe(users);
        await second.close();
      } finally {
        await stopPeers(peers);
        await store.cleanup();
      }
    }, 180_000); // PGlite's first open runs initdb: slow on a loaded machine

    it("a CA-change finding: one email per custodian, one webhook and one bell per user, across two sweeps and a restart", async () => {
      const peers = await startPeers();
      const store = await reopenable(kind);
      try {
        const now = at("2031-03-05T09:00:00Z");
        const first = await store.open();
        const gw = await seedGateway(first.prisma, {
          merchantGatewayId: "MGW_000002",
          webhookUrl: peers.hook.url,
        });
        await seedCustodians(first.prisma, gw.ppr);
        await first.prisma.inventoryReview.create({
          data: {
            environmentId: null,
            reviewedOn: plusDays(now, -30),
            reviewerLabel: "admin@example.com",
          },
        });
        // Thales announced a new Client CA taking effect in 10 days; the store does not trust it yet.
        await first.prisma.clientCaChange.create({
          data: {
            environmentId: gw.ppr,
            der: new Uint8Array([1]),
            sha256: "ab".repeat(32),
            subjectDn: "CN=Thales Client CA 3",
            issuerDn: "CN=Thales Root",
            notBefore: now,
            notAfter: plusDays(now, 3650),
            source: "notice",
            receivedAt: now,
            effectiveAt: plusDays(now, 10),
            createdByLabel: "test",
          },
        });
        // Only the CA-change source: PRD has no custodian and PPR a disabled one, whose custody
        // findings are the subject of the custody test below.
        const findingSources = FINDING_SOURCES.filter((s) => s.name === "ca-change");
        const s1 = await runSweep(first.prisma, { now, config: peers.config, findingSources });
        expect(
          s1.outcomes.map((o) => `${o.targetKind} ${o.targetKey} ${o.channel} ${o.status}`).sort(),
        ).toEqual([
          `finding ${gw.ppr}:new-ca-not-trusted:${"ab".repeat(32)} email sent`,
          `finding ${gw.ppr}:new-ca-not-trusted:${"ab".repeat(32)} webhook sent`,
        ]);
        expect(s1.findings).toBe(await first.prisma.user.count());
        expect(
          (
            await runSweep(first.prisma, {
              now: plusDays(now, 0.1),
              config: peers.config,
              findingSources,
            })
          ).created,
        ).toBe(0);
        await first.close();
        const second = await store.open();
        // A day later, after a restart, the finding is still open: nothing again.
        const s3 = await runSweep(second.prisma, {
          now: plusDays(now, 1),
          config: peers.config,
          findingSources,
        });
        expect(s3).toMatchObject({ created: 0, sent: 0, findings: 0 });

        expect(peers.smtp.received).toHaveLength(1);
        expect(addressCounts(peers.smtp.received)).toEqual({
          "custodian.one@example.com": 1,
          "custodian.two@example.com": 1,
        });
        expect(mailSubject(peers.smtp.received[0]!.raw)).toBe(
          "Warning: Thales Client CA · MGW_000002 PPR",
        );
        expect(mimePart(peers.smtp.received[0]!.raw, "text/plain")).toContain(
          'The new Thales Client CA "CN=Thales Client CA 3" takes effect on 2031-03-15 (in 10 days)',
        );
        expect(peers.hook.received).toHaveLength(1);
        expect(peers.hook.received[0]!.body).toMatchObject({
          finding: { severity: "warning", title: "Warning: Thales Client CA · MGW_000002 PPR" },
          environment: "PPR",
          link: "https://certs.example.com/gateways/MGW_000002/PPR/ca-changes",
        });
        const users = await second.prisma.user.findMany({ select: { id: true } });
        for (const u of users)
          expect(
            await second.prisma.notification.count({
              where: {
                userId: u.id,
                deliveryId: `finding:${gw.ppr}:new-ca-not-trusted:${"ab".repeat(32)}`,
              },
            }),
          ).toBe(1);
        await second.close();
      } finally {
        await stopPeers(peers);
        await store.cleanup();
      }
    }, 180_000); // PGlite's first open runs initdb: slow on a loaded machine

    it("a missing custodian (default sources): one email and one webhook, one bell per user, across two sweeps and a restart; naming one stops it", async () => {
      const peers = await startPeers();
      const store = await reopenable(kind);
      try {
        const now = at("2031-03-05T09:00:00Z");
        const first = await store.open();
        const gw = await seedGateway(first.prisma, {
          merchantGatewayId: "MGW_000004",
          reminderEmails: ["ops@example.com"],
          webhookUrl: peers.hook.url,
        });
        // PRD has an active custodian; PPR has none.
        const keeper = await insertUser(first.prisma, "prd-keeper@example.com", "operator");
        await first.prisma.environmentCustodian.create({
          data: { environmentId: gw.prd, userId: keeper.id, assignedBy: "admin@example.com" },
        });
        await insertUser(first.prisma, "viewer@example.com");
        await first.prisma.inventoryReview.create({
          data: {
            environmentId: null,
            reviewedOn: plusDays(now, -30),
            reviewerLabel: "admin@example.com",
          },
        });
        const key = `${gw.ppr}:custody.no-custodian:${gw.ppr}`;
        // No findingSources: the sweep's defaults (FINDING_SOURCES), custody included.
        const s1 = await runSweep(first.prisma, { now, config: peers.config });
        expect(
          s1.outcomes.map((o) => `${o.targetKind} ${o.targetKey} ${o.channel} ${o.status}`).sort(),
        ).toEqual([`finding ${key} email sent`, `finding ${key} webhook sent`]);
        expect(s1.findings).toBe(await first.prisma.user.count());
        expect(
          await runSweep(first.prisma, { now: plusDays(now, 0.1), config: peers.config }),
        ).toMatchObject({ created: 0, sent: 0, findings: 0 });
        await first.close();
        const second = await store.open();
        // A day later, after a restart, still no custodian: nothing again.
        expect(
          await runSweep(second.prisma, { now: plusDays(now, 1), config: peers.config }),
        ).toMatchObject({ created: 0, sent: 0, findings: 0 });

        expect(peers.smtp.received).toHaveLength(1);
        expect(peers.smtp.received[0]!.to).toEqual(["ops@example.com"]);
        expect(mailSubject(peers.smtp.received[0]!.raw)).toContain(
          "No custodian for MGW_000004 PPR",
        );
        expect(mimePart(peers.smtp.received[0]!.raw, "text/plain")).toContain(
          "an admin names at least one",
        );
        expect(peers.hook.received).toHaveLength(1);
        expect(peers.hook.received[0]!.body).toMatchObject({
          finding: { severity: "warning", title: "No custodian for MGW_000004 PPR" },
          environment: "PPR",
          link: "https://certs.example.com/gateways/MGW_000004/PPR/custody",
        });
        const users = await second.prisma.user.findMany({ select: { id: true } });
        for (const u of users)
          expect(
            await second.prisma.notification.count({
              where: { userId: u.id, deliveryId: `finding:${key}` },
            }),
          ).toBe(1);

        // An admin names a custodian of PPR: the finding is no longer raised, and nothing more is sent.
        expect(await custodyFindings(second.prisma, { environmentId: gw.ppr })).toHaveLength(1);
        const named = await assignCustodian(second.prisma, testAdmin, gw.ppr, keeper.id);
        expect(named.ok).toBe(true);
        expect(await custodyFindings(second.prisma, { environmentId: gw.ppr })).toEqual([]);
        expect(
          await runSweep(second.prisma, { now: plusDays(now, 2), config: peers.config }),
        ).toMatchObject({ created: 0, sent: 0, findings: 0 });
        expect(peers.smtp.received).toHaveLength(1);
        expect(peers.hook.received).toHaveLength(1);
        await second.close();
      } finally {
        await stopPeers(peers);
        await store.cleanup();
      }
    }, 180_000); // PGlite's first open runs initdb: slow on a loaded machine
  },
);

describe.each(DATABASE_KINDS)("reminder targets on %s", (kind) => {
  let t: TestDatabase;
  let peers: Peers;
  let gw: Awaited<ReturnType<typeof seedGateway>>;
  beforeAll(async () => {
    [t, peers] = await Promise.all([createTestDatabase(kind), startPeers()]);
    gw = await seedGateway(t.prisma, {
      merchantGatewayId: "MGW_000003",
      reminderEmails: ["ops@example.com"],
      webhookUrl: peers.hook.url,
      reminderThresholds: [30, 7],
    });
  });
  afterAll(async () => {
    await stopPeers(peers);
    await t.drop();
  });
  afterEach(() => {
    peers.smtp.received.length = 0;
    peers.hook.received.length = 0;
  });
  // Custody's "no custodian" findings of MGW_000003 are left out unless a test names its sources.
  const sweep = (now: Date, extra: Partial<Parameters<typeof runSweep>[1]> = {}) =>
    runSweep(t.prisma, {
      now,
      config: peers.config,
      findingSources: SOURCES_WITHOUT_CUSTODY,
      ...extra,
    });

  it("keeps a certificate's reminders as they were: keyed by the certificate, to the gateway's list plus the custodians", async () => {
    const now = at("2032-03-05T09:00:00Z");
    const cert = await insertCertificate(t.prisma, gw.ppr, plusDays(now, 28), {
      commonName: "TLSMA-EC/MGW_000003/PPR",
    });
    const first = await sweep(now);
    const mine = first.outcomes.filter((o) => o.certificateId === cert.id);
    expect(
      mine.map((o) => `${o.targetKind} ${o.subject} ${o.threshold} ${o.channel}`).sort(),
    ).toEqual([
      "certificate expiry 30d email",
      "certificate expiry 30d in-app",
      "certificate expiry 30d webhook",
      "certificate start-renewal-by overdue:2032-03-05 email",
      "certificate start-renewal-by overdue:2032-03-05 in-app",
      "certificate start-renewal-by overdue:2032-03-05 webhook",
    ]);
    const rows = await t.prisma.reminderDelivery.findMany({ where: { certificateId: cert.id } });
    expect(
      rows.every(
        (r) =>
          r.targetKey === cert.id &&
          r.targetKind === "certificate" &&
          r.environmentId === null &&
          r.content === null,
      ),
    ).toBe(true);
    expect(peers.smtp.received.map((m) => m.to)).toEqual([
      ["ops@example.com"],
      ["ops@example.com"],
    ]);
    expect(peers.smtp.received.map((m) => mailSubject(m.raw)).sort()[0]).toBe(
      "Certificate expiry 2032-04-02 (in 28 days): TLSMA-EC/MGW_000003/PPR · MGW_000003 PPR",
    );
    // A row written the old way (no target key) meets its twin in the unique key: no second delivery.
    await t.prisma.reminderDelivery.create({
      data: { certificateId: cert.id, subject: "expiry", threshold: "7d", channel: "in-app" },
    });
    expect(
      (
        await t.prisma.reminderDelivery.findFirstOrThrow({
          where: { certificateId: cert.id, threshold: "7d" },
        })
      ).targetKey,
    ).toBe(cert.id);
    await expect(
      t.prisma.reminderDelivery.create({
        data: { certificateId: cert.id, subject: "expiry", threshold: "7d", channel: "in-app" },
      }),
    ).rejects.toThrow();
    // A custodian of PPR named now receives the next threshold's email beside the gateway's list.
    const custodian = await insertUser(t.prisma, "ppr-keeper@example.com");
    await t.prisma.environmentCustodian.create({
      data: { environmentId: gw.ppr, userId: custodian.id, assignedBy: "admin@example.com" },
    });
    peers.smtp.received.length = 0;
    // 6 days before expiry (the 7-day one exists already, written above): the daily overdue one.
    const next = await sweep(plusDays(now, 22));
    expect(
      next.outcomes
        .filter((o) => o.certificateId === cert.id && o.channel === "email")
        .map((o) => `${o.subject} ${o.threshold} ${o.status}`),
    ).toEqual(["start-renewal-by overdue:2032-03-27 sent"]);
    const certificateMails = peers.smtp.received.filter((m) =>
      mailSubject(m.raw).includes("TLSMA-EC/MGW_000003/PPR"),
    );
    expect(certificateMails.map((m) => m.to)).toEqual([
      ["ops@example.com", "ppr-keeper@example.com"],
    ]);
    // PPR was never reviewed and is older than a year at this clock: its custodian is reminded too.
    expect(
      peers.smtp.received
        .filter((m) => mailSubject(m.raw).startsWith("Yearly review"))
        .map((m) => m.to),
    ).toEqual([["ppr-keeper@example.com"]]);
    await t.prisma.environmentCustodian.updateMany({
      where: { userId: custodian.id },
      data: { removedAt: now, removedBy: "admin@example.com" },
    });
    await t.prisma.certificate.update({ where: { id: cert.id }, data: { revokedAt: now } });
  });

  it("stops a trust-store entry's reminders once it leaves its store, and cancels the pending ones", async () => {
    const now = at("2033-03-05T09:00:00Z");
    const root = await insertTrustEntry(
      t.prisma,
      gw.prd,
      "d1_server_roots",
      plusDays(now, 25),
      "CN=Old Root",
    );
    // d1-server-roots' lead is 30 days: start-by passed 5 days ago, expiry's 30-day threshold
    // crossed; one reminder per entry and sweep (the start-by one), on three channels.
    const pending = await sweep(now, { signal: AbortSignal.abort() });
    expect(pending.outcomes).toEqual([]);
    expect(
      (await t.prisma.reminderDelivery.findMany({ where: { targetKey: root.id } }))
        .map((d) => `${d.subject} ${d.threshold}`)
        .sort(),
    ).toEqual([
      "start-by overdue:2033-03-05",
      "start-by overdue:2033-03-05",
      "start-by overdue:2033-03-05",
    ]);
    await t.prisma.trustStoreEntry.delete({ where: { id: root.id } });
    const after = await sweep(plusDays(now, 1));
    expect(after.outcomes.filter((o) => o.targetKey === root.id)).toEqual([]);
    expect(
      new Set(
        (await t.prisma.reminderDelivery.findMany({ where: { targetKey: root.id } })).map(
          (d) => `${d.status} ${d.lastError}`,
        ),
      ),
    ).toEqual(new Set(["cancelled not sent: the entry was removed from its trust store"]));
  });

  it("one reminder per entry and sweep: the start-by one while valid, the expiry one once expired", async () => {
    const now = at("2033-06-05T09:00:00Z");
    const ca = await insertTrustEntry(
      t.prisma,
      gw.prd,
      "client_cert_issuers",
      plusDays(now, -2),
      "CN=Expired Issuer",
    );
    const result = await sweep(now);
    expect(
      result.outcomes
        .filter((o) => o.targetKey === ca.id)
        .map((o) => `${o.subject} ${o.threshold} ${o.channel}`)
        .sort(),
    ).toEqual([
      "expiry overdue:2033-06-05 email",
      "expiry overdue:2033-06-05 in-app",
      "expiry overdue:2033-06-05 webhook",
    ]);
    await t.prisma.trustStoreEntry.delete({ where: { id: ca.id } });
  });

  it("reads trust-store entries in pages: the same pairs in the same order, wherever a page ends", async () => {
    const now = at("2036-02-01T09:00:00Z");
    const entries: { id: string }[] = [];
    // Equal expiry dates, so that pages end inside a run of them; the first five already reminded.
    for (const days of [10, 10, 10, -3, -3])
      entries.push(
        await insertTrustEntry(t.prisma, gw.ppr, "d1_server_roots", plusDays(now, days)),
      );
    await sweep(now);
    for (const days of [10, 10, -3, 20, 20, 20])
      entries.push(
        await insertTrustEntry(t.prisma, gw.prd, "d1_server_roots", plusDays(now, days)),
      );
    const settings = await environmentSettings(t.prisma);
    const describePairs = (pairs: { targetKey: string; subject: string; threshold: string }[]) =>
      pairs.map((p) => `${p.targetKey} ${p.subject} ${p.threshold}`);
    const whole = describePairs(await selectTrustEntryPairs(t.prisma, settings, now));
    // The six new ones are due; the five reminded at this moment are not again.
    expect(whole.filter((p) => entries.some((e) => p.startsWith(e.id)))).toHaveLength(6);
    for (const pageSize of [1, 2, 3, 5])
      expect(
        describePairs(await selectTrustEntryPairs(t.prisma, settings, now, { pageSize })),
        `pages of ${pageSize}`,
      ).toEqual(whole);
    await t.prisma.reminderDelivery.deleteMany({
      where: { targetKey: { in: entries.map((e) => e.id) } },
    });
    await t.prisma.trustStoreEntry.deleteMany({ where: { id: { in: entries.map((e) => e.id) } } });
  });

  it("our server chain's leaf: start-by at the environment's lead, with 'notify Thales first'", async () => {
    const now = at("2034-03-05T09:00:00Z");
    await t.prisma.environment.update({
      where: { id: gw.ppr },
      data: { renewalLeadDaysOverride: 40 },
    });
    const leaf = await insertTrustEntry(
      t.prisma,
      gw.ppr,
      "our_server_chain",
      plusDays(now, 60),
      "CN=d1.example.com",
    );
    const result = await sweep(now);
    expect(
      result.outcomes
        .filter((o) => o.targetKey === leaf.id)
        .map((o) => `${o.subject} ${o.threshold} ${o.channel}`)
        .sort(),
    ).toEqual(["start-by 30d email", "start-by 30d in-app", "start-by 30d webhook"]);
    const mail = peers.smtp.received.find((m) => mailSubject(m.raw).includes("CN=d1.example.com"))!;
    expect(mailSubject(mail.raw)).toBe(
      "Our server chain: start replacing by 2034-03-25 (in 20 days): CN=d1.example.com · MGW_000003 PPR",
    );
    expect(mimePart(mail.raw, "text/plain")).toContain(
      "Renew our server certificate (or get the new CA certificate) and notify Thales first",
    );
    await t.prisma.trustStoreEntry.delete({ where: { id: leaf.id } });
    await t.prisma.environment.update({
      where: { id: gw.ppr },
      data: { renewalLeadDaysOverride: null },
    });
  });

  it("the yearly review: 12 months after the latest covering review, to admins and custodians only, daily once overdue", async () => {
    const admin = await insertUser(t.prisma, "admin@example.com", "admin");
    const viewer = await insertUser(t.prisma, "just-a-viewer@example.com");
    const custodian = await insertUser(t.prisma, "prd-custodian@example.com");
    await t.prisma.environmentCustodian.create({
      data: { environmentId: gw.prd, userId: custodian.id, assignedBy: "admin@example.com" },
    });
    // PRD reviewed on its own in 2034-06; a global review later (2034-09) covers PPR and PRD both.
    await t.prisma.inventoryReview.create({
      data: {
        environmentId: gw.prd,
        reviewedOn: at("2034-06-01T00:00:00Z"),
        reviewerLabel: "admin@example.com",
      },
    });
    await t.prisma.inventoryReview.create({
      data: {
        environmentId: null,
        reviewedOn: at("2034-09-10T00:00:00Z"),
        reviewerLabel: "admin@example.com",
      },
    });
    const reviews = <O extends { targetKind: string }>(outcomes: O[]) =>
      outcomes.filter((o) => o.targetKind === "review");
    expect(reviews((await sweep(at("2035-08-10T00:00:00Z"))).outcomes)).toEqual([]); // 31 days before 2035-09-10
    const due = await sweep(at("2035-08-12T00:00:00Z"));
    expect(
      reviews(due.outcomes)
        .map((o) => `${o.targetKey === gw.prd ? "PRD" : "PPR"} ${o.threshold} ${o.channel}`)
        .sort(),
    ).toEqual(["PPR 30d email", "PPR 30d in-app", "PRD 30d email", "PRD 30d in-app"]);
    const mails = peers.smtp.received.filter((m) => mailSubject(m.raw).startsWith("Yearly review"));
    expect(mails.map((m) => [mailSubject(m.raw), [...m.to].sort()]).sort()).toEqual([
      [
        "Yearly review due 2035-09-10 (in 29 days): inventory and protocols · MGW_000003 PPR",
        ["admin@example.com"],
      ],
      [
        "Yearly review due 2035-09-10 (in 29 days): inventory and protocols · MGW_000003 PRD",
        ["admin@example.com", "prd-custodian@example.com"],
      ],
    ]);
    const bell = async (userId: string) =>
      t.prisma.notification.count({ where: { userId, title: { startsWith: "Yearly review" } } });
    expect([await bell(admin.id), await bell(custodian.id), await bell(viewer.id)]).toEqual([
      2, 1, 0,
    ]);
    // Overdue: one a day; recording a review for PRD stops PRD's (its pending one is cancelled).
    const late = at("2035-09-11T08:00:00Z");
    await sweep(late, { signal: AbortSignal.abort() });
    await t.prisma.inventoryReview.create({
      data: {
        environmentId: gw.prd,
        reviewedOn: at("2035-09-11T00:00:00Z"),
        reviewerLabel: "admin@example.com",
        createdAt: plusDays(late, 0.01),
      },
    });
    const next = await sweep(plusDays(late, 0.02));
    expect(
      reviews(next.outcomes)
        .map((o) => `${o.targetKey === gw.prd ? "PRD" : "PPR"} ${o.threshold} ${o.channel}`)
        .sort(),
    ).toEqual(["PPR overdue:2035-09-11 email", "PPR overdue:2035-09-11 in-app"]);
    expect(
      await t.prisma.reminderDelivery.count({
        where: {
          targetKind: "review",
          targetKey: gw.prd,
          status: "cancelled",
          lastError: "not sent: a review was recorded since",
        },
      }),
    ).toBe(2);
    await t.prisma.user.update({ where: { id: admin.id }, data: { role: "viewer" } });
  });

  it("findings from any source (e.g. a signing key due for rotation) go out once by email and webhook", async () => {
    const now = at("2036-03-05T09:00:00Z");
    await t.prisma.signingKey.create({
      data: {
        environmentId: gw.ppr,
        publicKeyPem: "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n",
        jwk: {},
        thumbprint: "thumb-rotate",
        onboardedAt: plusDays(now, -400),
        createdAt: plusDays(now, -401),
        createdByLabel: "test",
      },
    });
    const extra: DeliverableFinding = {
      key: "custody.custodian-missing:test",
      environmentId: gw.prd,
      severity: "critical",
      title: "Critical: no custodian · MGW_000003 PRD",
      detail: "PRD has no active custodian.",
      link: "/gateways/MGW_000003/PRD",
    };
    const sources = [...FINDING_SOURCES, { name: "test", findings: async () => [extra] }];
    const first = await sweep(now, { findingSources: sources });
    const findings = first.outcomes
      .filter((o) => o.targetKind === "finding")
      .map((o) => `${o.targetKey.split(":").slice(1).join(":")} ${o.channel}`)
      .sort();
    expect(findings).toContain("custody.custodian-missing:test email");
    expect(findings).toContain("custody.custodian-missing:test webhook");
    expect(findings.filter((f) => f.startsWith("signing-key.rotation-due:"))).toHaveLength(2);
    const hook = peers.hook.received.find((h) =>
      String(h.body.text).includes("OAuth signing key rotation due"),
    )!;
    expect(String(hook.body.text)).toContain(
      "The OAuth signing key thumb-rotate was due for rotation on 2036-01-30 (35 days ago), 365 days after it was onboarded with Thales",
    );
    expect(
      (await sweep(plusDays(now, 1), { findingSources: sources })).outcomes.filter(
        (o) => o.targetKind === "finding",
      ),
    ).toEqual([]);
  });

  it("hands the sweep's giveWay to each finding source, so a long source can give way inside", async () => {
    let waits = 0;
    const giveWay = async () => {
      waits++;
    };
    const received: unknown[] = [];
    const source = {
      name: "probe",
      findings: async (_db: unknown, _now: Date, sourceGiveWay: () => Promise<void>) => {
        received.push(sourceGiveWay);
        const before = waits;
        await sourceGiveWay();
        expect(waits).toBe(before + 1);
        return [];
      },
    };
    await sweep(at("2036-03-06T00:00:00Z"), { findingSources: [source], giveWay });
    expect(received).toEqual([giveWay]);
  });

  it("merges the gateway's list with the custodians' addresses, each once whatever its case", () => {
    expect(
      mergeAddresses(
        ["ops@example.com", " PKI@example.com"],
        ["pki@example.com", "ops@EXAMPLE.com", "new@example.com"],
      ),
    ).toEqual(["ops@example.com", "PKI@example.com", "new@example.com"]);
  });
});

describe.each(DATABASE_KINDS)("migration 20261205210200_reminder_targets on %s", (kind) => {
  it("turns every existing delivery into its certificate's target, and the key then dedupes it", async () => {
    let session: SqlSession;
    let cleanup: () => Promise<void>;
    if (kind === "pglite") {
      const pglite = newPglite();
      session = pgliteSession(pglite);
      cleanup = () => pglite.close();
    } else {
      const created = await createPostgresDatabase();
      session = await postgresSession(created.url);
      cleanup = async () => {
        await session.close();
        await created.drop();
      };
    }
    try {
      const all = readMigrations();
      const mine = all.findIndex((m) => m.name === "20261205210200_reminder_targets");
      expect(mine).toBeGreaterThan(0);
      await migrate(session, all.slice(0, mine));
      // Rows as the previous schema wrote them (the certificate rows themselves are not needed here).
      await session.exec(`SET session_replication_role = replica;
        INSERT INTO reminder_delivery (id, "certificateId", subject, threshold, channel, status, attempts) VALUES
          ('d1', 'cert-a', 'expiry', '30d', 'email', 'sent', 1), ('d2', 'cert-a', 'expiry', '30d', 'in-app', 'sent', 1), ('d3', 'cert-b', 'start-renewal-by', 'overdue:2031-01-01', 'webhook', 'dead', 12);
        SET session_replication_role = DEFAULT;`);
      expect(await migrate(session, all)).toContain("20261205210200_reminder_targets");
      const rows = await session.query<{
        id: string;
        targetKind: string;
        targetKey: string;
        certificateId: string;
      }>(
        `SELECT id, "targetKind", "targetKey", "certificateId" FROM reminder_delivery ORDER BY id`,
      );
      expect(rows).toEqual([
        { id: "d1", targetKind: "certificate", targetKey: "cert-a", certificateId: "cert-a" },
        { id: "d2", targetKind: "certificate", targetKey: "cert-a", certificateId: "cert-a" },
        { id: "d3", targetKind: "certificate", targetKey: "cert-b", certificateId: "cert-b" },
      ]);
      // The sweep's insert of an existing reminder meets it in the new unique key: nothing new.
      await session.exec(`SET session_replication_role = replica;
        INSERT INTO reminder_delivery (id, "targetKind", "targetKey", "certificateId", subject, threshold, channel)
        VALUES ('d4', 'certificate', 'cert-a', 'cert-a', 'expiry', '30d', 'email')
        ON CONFLICT ("targetKind", "targetKey", subject, threshold, channel) DO NOTHING;
        SET session_replication_role = DEFAULT;`);
      expect(await session.query(`SELECT id FROM reminder_delivery WHERE id = 'd4'`)).toEqual([]);
    } finally {
      await cleanup();
    }
  }, 120_000);
});
