// The scheduled anchor: its settings, and what a real webhook receiver on loopback and the log get
// (an anchor that `audit verify --anchor` accepts; an alert, not an anchor, once the chain is broken).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { startWebhookServer } from "@/lib/testing/peers";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "./append";
import { parseAnchor, verifyAgainstAnchors } from "./anchor";
import { anchorConfigFromEnv, sendAuditAnchor } from "./anchor-schedule";

const actor: Actor = { type: "user", id: "u1", label: "ops@example.com", role: "admin" };

describe("anchor schedule settings", () => {
  it("sends daily to the log by default; off, durations and a refused webhook are understood", () => {
    expect(anchorConfigFromEnv({})).toEqual({
      intervalMs: 86_400_000,
      webhook: null,
      problems: [],
    });
    expect(anchorConfigFromEnv({ AUDIT_ANCHOR_INTERVAL: "off" }).intervalMs).toBeNull();
    expect(anchorConfigFromEnv({ AUDIT_ANCHOR_INTERVAL: "30m" }).intervalMs).toBe(1_800_000);
    expect(anchorConfigFromEnv({ AUDIT_ANCHOR_INTERVAL: "3600" }).intervalMs).toBe(3_600_000);
    expect(anchorConfigFromEnv({ AUDIT_ANCHOR_INTERVAL: "5s" })).toMatchObject({
      intervalMs: 86_400_000,
      problems: [expect.stringContaining("at least a minute")],
    });
    expect(
      anchorConfigFromEnv({ AUDIT_ANCHOR_WEBHOOK_URL: "http://169.254.169.254/x" }),
    ).toMatchObject({
      webhook: null,
      problems: [expect.stringMatching(/refused: .*cloud metadata address/)],
    });
    expect(
      anchorConfigFromEnv({
        AUDIT_ANCHOR_WEBHOOK_URL: "https://hooks.slack.com/services/a",
        AUDIT_ANCHOR_WEBHOOK_FORMAT: "teams",
      }).webhook,
    ).toEqual({ url: "https://hooks.slack.com/services/a", format: "teams" });
  });
});

describe.each(DATABASE_KINDS)("scheduled anchor on %s", (kind) => {
  let t: TestDatabase;
  let hook: Awaited<ReturnType<typeof startWebhookServer>>;
  beforeAll(async () => {
    [t, hook] = await Promise.all([createTestDatabase(kind), startWebhookServer()]);
    for (let i = 0; i < 4; i++)
      await t.prisma.$transaction((tx) =>
        appendAudit(tx, actor, { action: "test.write", objectType: "thing", summary: { i } }),
      );
  }, 180_000);
  afterAll(async () => {
    await hook.close();
    await t.drop();
  });

  it("sends the head to the log and the webhook; the sent anchor verifies", async () => {
    const lines: string[] = [];
    const log = {
      info: (l: string) => lines.push(l),
      error: (l: string) => lines.push(`ERROR ${l}`),
    };
    const sent = await sendAuditAnchor(
      t.prisma,
      { intervalMs: 60_000, webhook: { url: hook.url, format: "slack" }, problems: [] },
      log,
      new Date("2031-01-01T00:00:00Z"),
    );
    const head = await t.prisma.auditEvent.findUniqueOrThrow({ where: { seq: 4n } });
    expect(sent).toMatchObject({
      ok: true,
      anchor: `4:${head.hash}`,
      webhook: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/…: HTTP 200 in \d+ ms$/),
    });
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(`^\\[audit\\] D1 dashboard audit anchor 4:${head.hash} \\(4 records`),
      ),
    ]);
    expect(hook.received.at(-1)!.body).toMatchObject({
      anchor: `4:${head.hash}`,
      at: "2031-01-01T00:00:00.000Z",
    });
    const parsed = parseAnchor(hook.received.at(-1)!.body.anchor as string);
    expect(parsed.ok && (await verifyAgainstAnchors(t.prisma, [parsed.anchor])).ok).toBe(true);
  });

  it("sends an alert instead of an anchor once the chain is broken", async () => {
    await t.prisma.$executeRawUnsafe(
      `ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`,
    );
    await t.prisma.$executeRawUnsafe(`UPDATE audit_event SET summary = '{"i": 99}' WHERE seq = 2`);
    const lines: string[] = [];
    const log = {
      info: (l: string) => lines.push(l),
      error: (l: string) => lines.push(`ERROR ${l}`),
    };
    const sent = await sendAuditAnchor(
      t.prisma,
      { intervalMs: 60_000, webhook: { url: hook.url, format: "teams" }, problems: [] },
      log,
    );
    expect(sent).toMatchObject({ ok: false, anchor: null });
    expect(lines[0]).toMatch(
      /^ERROR \[audit\] D1 dashboard audit chain BROKEN at record 2: its content was altered/,
    );
    expect(JSON.stringify(hook.received.at(-1)!.body)).toMatch(/chain BROKEN at record 2/);
  });
});
