import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import type { Actor } from "@/lib/auth/actor";
import { createGateway, setGatewayWebhook, updateGatewaySettings } from "./mutations";
import {
  createGatewaySchema,
  gatewaySettingsSchema,
  reminderSettingsSchema,
  webhookInputSchema,
} from "./schema";
import { appendAudit } from "@/lib/audit/append";
import { listAuditEvents } from "@/lib/audit/data";
import { verifyAuditChain } from "@/lib/audit/verify";
import { AMAZON_ROOT_FINGERPRINTS } from "@/lib/trust-store/amazon-roots";

const admin: Actor = { type: "user", id: "u1", label: "admin@example.com", role: "admin" };

describe("gateway input", () => {
  it.each([
    ["MGW_00001", "exactly 10"],
    ["MGW_0000011", "exactly 10"],
    ["MGW 000001", "exactly 10"],
    ["MGW/000001", "exactly 10"],
  ])("refuses merchantGatewayId %s", (id, why) => {
    const result = createGatewaySchema.safeParse({ merchantGatewayId: id, name: "x" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain(why);
  });
  it("accepts the partner's example and trims names", () => {
    expect(createGatewaySchema.parse({ merchantGatewayId: "MGW_000001", name: "  EU  " })).toEqual({
      merchantGatewayId: "MGW_000001",
      name: "EU",
    });
  });
  it("refuses an empty name and an unknown CN placeholder", () => {
    expect(
      createGatewaySchema.safeParse({ merchantGatewayId: "MGW_000001", name: "  " }).error
        ?.issues[0]?.path,
    ).toEqual(["name"]);
    const settings = gatewaySettingsSchema.safeParse({
      version: 1,
      name: "x",
      cnTemplate: "TLSMA-{keytype}/{env}",
      renewalLeadDays: 90,
    });
    expect(settings.error?.issues[0]?.message).toMatch(/unknown placeholder \{keytype\}/);
  });
});

describe("reminder settings input", () => {
  it("reads thresholds and recipients typed as lists, sorted and de-duplicated", () => {
    expect(
      reminderSettingsSchema.parse({
        reminderThresholds: "30, 90 7,90",
        reminderEmails: "a@example.com; b@example.com",
        webhookUrl: "",
      }),
    ).toEqual({
      reminderThresholds: [90, 30, 7],
      reminderEmails: ["a@example.com", "b@example.com"],
      webhookUrl: null,
    });
  });
  it("names the problem with a bad threshold, recipient or webhook", () => {
    const result = reminderSettingsSchema.safeParse({
      reminderThresholds: "soon",
      reminderEmails: "not-an-email",
      webhookUrl: "ftp://x",
    });
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      "Thresholds are whole numbers of days, e.g. 90, 30, 7.",
      "Each recipient must be an email address.",
      "The webhook must be an http(s) URL, e.g. a Slack or Teams incoming webhook.",
    ]);
  });
});

describe("webhook input", () => {
  it.each([
    "http://169.254.169.254/latest/meta-data",
    "https://metadata.google.internal/x",
    "http://[fd00:ec2::254]/",
  ])("refuses %s with its own code", (url) => {
    const result = webhookInputSchema.safeParse({ url });
    expect(result.success).toBe(false);
    expect(
      result.error?.issues.map((i) => [
        i.path.join("."),
        (i as { params?: { code?: string } }).params?.code,
      ]),
    ).toEqual([["url", "webhook_host_refused"]]);
    expect(
      reminderSettingsSchema.safeParse({
        reminderThresholds: "30",
        reminderEmails: "",
        webhookUrl: url,
      }).error?.issues[0]?.message,
    ).toMatch(/^Webhook host refused: .*metadata/);
  });
  it("takes null or an empty string as no webhook, and a format", () => {
    expect(webhookInputSchema.parse({ url: null })).toEqual({ url: null });
    expect(webhookInputSchema.parse({ url: "", format: "teams" })).toEqual({
      url: null,
      format: "teams",
    });
    expect(
      webhookInputSchema.safeParse({ url: null, format: "discord" }).error?.issues[0]?.message,
    ).toBe('format must be "slack" or "teams".');
  });
});

describe.each(DATABASE_KINDS)("gateways on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => (t = await createTestDatabase(kind)));
  afterAll(() => t.drop());

  it("creates the gateway with PPR and PRD and exactly one audit record", async () => {
    const result = await createGateway(t.prisma, admin, {
      merchantGatewayId: "MGW_000001",
      name: "EU",
    });
    expect(result.ok && result.value.environments.map((e) => e.code)).toEqual(["PPR", "PRD"]);
    const audit = await t.prisma.auditEvent.findMany();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "gateway.create",
      actorLabel: "admin@example.com",
      summary: { merchantGatewayId: "MGW_000001", name: "EU" },
    });
    // Both environments start with the five Amazon roots that D1's server chains to.
    for (const env of result.ok ? result.value.environments : []) {
      const roots = await t.prisma.trustStoreEntry.findMany({
        where: { environmentId: env.id, kind: "d1_server_roots" },
      });
      expect(roots.map((r) => r.sha256).sort()).toEqual(
        Object.values(AMAZON_ROOT_FINGERPRINTS).sort(),
      );
    }
  });

  it("refuses a duplicate id and stores nothing, not even an audit record", async () => {
    const result = await createGateway(t.prisma, admin, {
      merchantGatewayId: "MGW_000001",
      name: "Again",
    });
    expect(result).toMatchObject({ ok: false, code: "duplicate", field: "merchantGatewayId" });
    expect(await t.prisma.gateway.count()).toBe(1);
    expect(await t.prisma.environment.count()).toBe(2);
    expect(await t.prisma.auditEvent.count()).toBe(1);
  });

  it("saves settings from a fresh form, refuses a stale one, and audits what changed", async () => {
    const gateway = await t.prisma.gateway.findUniqueOrThrow({
      where: { merchantGatewayId: "MGW_000001" },
    });
    const input = gatewaySettingsSchema.parse({
      version: gateway.version,
      name: "EU",
      subjectCountry: "fr",
      cnTemplate: gateway.cnTemplate,
      renewalLeadDays: 120,
    });
    expect(await updateGatewaySettings(t.prisma, admin, gateway.id, input)).toEqual({
      ok: true,
      value: { version: 2 },
    });
    const stale = await updateGatewaySettings(t.prisma, admin, gateway.id, {
      ...input,
      renewalLeadDays: 60,
    });
    expect(stale).toMatchObject({ ok: false, code: "stale" });
    const saved = await t.prisma.gateway.findUniqueOrThrow({ where: { id: gateway.id } });
    expect(saved).toMatchObject({ subjectCountry: "FR", renewalLeadDays: 120, version: 2 });
    const last = await t.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(last.action).toBe("gateway.settings.update");
    expect(last.summary).toMatchObject({
      changed: { renewalLeadDays: { from: 90, to: 120 }, subjectCountry: { from: null, to: "FR" } },
    });
    expect(await t.prisma.auditEvent.count()).toBe(2);
  });

  it("audits a webhook change with its origin and a SHA-256 of the URL, never the URL; the audit view hides old ones too", async () => {
    const gateway = await t.prisma.gateway.findUniqueOrThrow({
      where: { merchantGatewayId: "MGW_000001" },
    });
    const url = "https://hooks.slack.com/services/T0/B0/s3cr3tt0k3n";
    const sha = (s: string) => crypto.createHash("sha256").update(s).digest("hex");
    expect(await setGatewayWebhook(t.prisma, admin, gateway.id, { url, format: "teams" })).toEqual({
      ok: true,
      value: { changed: true },
    });
    const input = gatewaySettingsSchema.parse({
      version: gateway.version + 1,
      name: "EU",
      cnTemplate: gateway.cnTemplate,
      renewalLeadDays: 120,
    });
    const reminders = reminderSettingsSchema.parse({
      reminderThresholds: "30",
      reminderEmails: "",
      webhookUrl: `${url}2`,
    });
    expect(
      await updateGatewaySettings(t.prisma, admin, gateway.id, { ...input, ...reminders }),
    ).toMatchObject({ ok: true });
    const records = await t.prisma.auditEvent.findMany({
      where: { action: "gateway.settings.update" },
      orderBy: { seq: "asc" },
    });
    expect(records.slice(-2).map((r) => (r.summary as { changed: unknown }).changed)).toMatchObject(
      [
        {
          webhookUrl: { from: null, to: { origin: "https://hooks.slack.com/…", sha256: sha(url) } },
          webhookFormat: { from: "slack", to: "teams" },
        },
        {
          webhookUrl: {
            from: { origin: "https://hooks.slack.com/…", sha256: sha(url) },
            to: { origin: "https://hooks.slack.com/…", sha256: sha(`${url}2`) },
          },
        },
      ],
    );
    // A record written before this change, with the whole URL in it:
    await t.prisma.$transaction((tx) =>
      appendAudit(tx, admin, {
        action: "gateway.settings.update",
        objectType: "gateway",
        objectId: gateway.id,
        gatewayId: gateway.id,
        summary: { changed: { webhookUrl: { from: null, to: `${url}old` } } },
      }),
    );
    const shown = JSON.stringify(await listAuditEvents(t.prisma, {}));
    expect(shown).not.toContain("s3cr3tt0k3n");
    expect(shown).toContain(sha(`${url}old`));
    expect(await verifyAuditChain(t.prisma)).toMatchObject({ ok: true });
    // Unchanged: nothing written, no record.
    const count = await t.prisma.auditEvent.count();
    expect(await setGatewayWebhook(t.prisma, admin, gateway.id, { url: `${url}2` })).toEqual({
      ok: true,
      value: { changed: false },
    });
    expect(await t.prisma.auditEvent.count()).toBe(count);
  });
});
