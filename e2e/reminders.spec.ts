// The reminder, calendar and metrics APIs in the production build: the feed parses as
// iCalendar, the metrics as Prometheus text, refused writes store and audit nothing, and a
// guessed calendar URL reveals nothing.
import { test, expect } from "@playwright/test";
import crypto from "node:crypto";
import ICAL from "ical.js";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { auditTotal, createToken, ensureGateway } from "./support/app";

test.use({ storageState: "e2e/.artifacts/admin.json" });

let admin = "";
let viewer = "";
let operator = "";
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage({ storageState: "e2e/.artifacts/admin.json" });
  admin = await createToken(page, "reminders-admin", "admin");
  viewer = await createToken(page, "reminders-viewer", "viewer");
  operator = await createToken(page, "reminders-operator", "operator");
  await page.close();
});

test("GET /api/v1/calendar.ics is iCalendar that a parser reads back", async ({ request }) => {
  await ensureGateway(request, admin);
  const response = await request.get("/api/v1/calendar.ics", { headers: auth(viewer) });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  const text = await response.text();
  expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
  const calendar = new ICAL.Component(ICAL.parse(text));
  const certificates = (
    await (await request.get("/api/v1/certificates", { headers: auth(viewer) })).json()
  ).certificates as { id: string; state: string }[];
  const inService = certificates.filter((c) => c.state !== "revoked" && c.state !== "superseded");
  const uids = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v).uid);
  // Two events for each certificate in service (one with a deployed successor may be left out).
  expect(uids.length).toBeLessThanOrEqual(inService.length * 2);
  for (const uid of uids) expect(uid).toMatch(/^[a-z0-9]+-(start-renewal-by|expiry)@d1-dashboard$/);
  expect((await request.get("/api/v1/calendar.ics")).status()).toBe(401);
});

test("a guessed or malformed calendar URL is a 404 that says nothing", async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({
    baseURL: test.info().project.use.baseURL,
    storageState: { cookies: [], origins: [] },
  });
  for (const path of [
    `/api/calendar/d1c_${crypto.randomBytes(32).toString("base64url")}.ics`,
    "/api/calendar/x.ics",
    "/api/calendar/d1c_short",
  ]) {
    const response = await anonymous.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.text()).toBe("Not found\n");
  }
  await anonymous.dispose();
});

test("GET /api/metrics is Prometheus text with a zero-filled count per gateway, environment and state", async ({
  request,
}) => {
  await ensureGateway(request, admin);
  expect((await request.get("/api/metrics")).status()).toBe(401);
  const response = await request.get("/api/metrics", { headers: auth(viewer) });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
  const families = parsePrometheusTextFormat(await response.text());
  expect(families.map((f) => f.name)).toEqual([
    "d1_certificate_not_after_seconds",
    "d1_certificate_days_left",
    "d1_certificate_start_renewal_by_seconds",
    "d1_certificates",
    // The operational gauges the shipped alert rules read (deploy/monitoring, issue 18).
    "d1_trust_store_ca_not_after_seconds",
    "d1_reminder_unacknowledged_since_seconds",
    "d1_reminder_last_sweep_timestamp_seconds",
    "d1_reminder_sweep_interval_seconds",
    "d1_probe_success",
    "d1_probe_last_run_timestamp_seconds",
    // The server's memory, under the Node.js client's names (lib/metrics/process.ts).
    "process_resident_memory_bytes",
    "nodejs_heap_size_total_bytes",
    "nodejs_heap_size_used_bytes",
    "nodejs_external_memory_bytes",
  ]);
  const counts = families.find((f) => f.name === "d1_certificates")!.metrics;
  const states = counts
    .filter((m) => m.labels?.gateway === "MGW_000001" && m.labels.environment === "PRD")
    .map((m) => m.labels!.state);
  expect(states.sort()).toEqual(["expired", "expiring", "ok", "renewal-due"]);
});

test("acknowledge and snooze need an operator and a valid body; refusals store and audit nothing", async ({
  request,
}) => {
  const before = await auditTotal(request, admin);
  const ack = (token: string, data: unknown) =>
    request.post("/api/v1/reminders/ack", { headers: auth(token), data });
  expect((await ack(viewer, { certificateId: "x", subject: "expiry" })).status()).toBe(403);
  const unknown = await ack(operator, { certificateId: "no-such-certificate", subject: "expiry" });
  expect(unknown.status()).toBe(404);
  const badSubject = await ack(operator, { certificateId: "x", subject: "soon" });
  expect(badSubject.status()).toBe(422);
  expect((await badSubject.json()).error.fields).toHaveProperty("subject");
  const snooze = await request.post("/api/v1/reminders/snooze", {
    headers: auth(operator),
    data: { certificateId: "x", subject: "expiry", until: "someday", reason: "" },
  });
  expect(snooze.status()).toBe(422);
  expect(Object.keys((await snooze.json()).error.fields).sort()).toEqual(["reason", "until"]);
  expect(await auditTotal(request, admin)).toBe(before);
});

test("the delivery log, and the token owner's notifications page by page, read as JSON", async ({
  request,
}) => {
  const log = await request.get("/api/v1/reminders/deliveries?limit=5", { headers: auth(viewer) });
  expect(log.status()).toBe(200);
  const body = await log.json();
  expect(Array.isArray(body.deliveries)).toBe(true);
  for (const d of body.deliveries) {
    expect(d).toMatchObject({
      channel: expect.stringMatching(/^(email|webhook|in-app)$/),
      log: expect.any(Array),
    });
    for (const attempt of d.log) expect(attempt.detail).not.toMatch(/[?&](token|sig|key)=/i);
  }
  expect(
    (
      await request.get("/api/v1/reminders/deliveries?status=lost", { headers: auth(viewer) })
    ).status(),
  ).toBe(422);
  // The admin made this token in the UI, so it reads the admin's bell. A sweep first: a gateway
  // whose environments have no custodian yet is a finding, which every user's bell hears of.
  await ensureGateway(request, admin);
  expect((await request.post("/api/v1/reminders/sweep", { headers: auth(admin) })).status()).toBe(
    200,
  );
  // Page by page, one at a time: each page is the next one of the full list, and past the end
  // there is none. (Retried whole if a scheduled sweep adds a notification meanwhile.)
  await expect(async () => {
    const mine = await request.get("/api/v1/notifications?limit=200", { headers: auth(admin) });
    expect(mine.status()).toBe(200);
    const all = await mine.json();
    expect(all).toMatchObject({
      userId: expect.any(String),
      unread: expect.any(Number),
      total: expect.any(Number),
      notifications: expect.any(Array),
    });
    const ids = all.notifications.map((n: { id: string }) => n.id);
    expect(all.total).toBeGreaterThanOrEqual(Math.max(2, ids.length));
    for (const page of [1, 2, 3]) {
      const one = await request.get(`/api/v1/notifications?limit=1&page=${page}`, {
        headers: auth(admin),
      });
      const body = await one.json();
      expect(body.total).toBe(all.total);
      expect(body.notifications.map((n: { id: string }) => n.id)).toEqual(
        ids.slice(page - 1, page),
      );
    }
    const past = await request.get(`/api/v1/notifications?page=${all.total + 1}`, {
      headers: auth(admin),
    });
    expect((await past.json()).notifications).toEqual([]);
  }).toPass({ timeout: 20_000 });
  const zero = await request.get("/api/v1/notifications?page=0", { headers: auth(admin) });
  expect(zero.status()).toBe(422);
  expect(Object.keys((await zero.json()).error.fields)).toEqual(["page"]);
});

test("an admin overrides one environment's renewal lead time; bad values are refused and the API agrees", async ({
  page,
  request,
}) => {
  const gateway = await ensureGateway(request, admin);
  await page.goto("/gateways/MGW_000001/PRD");
  await expect(page.getByTestId("effective-lead-days")).toHaveText("90 days");
  const field = page.getByLabel("Override (days)");
  await field.fill("3");
  await page.getByRole("button", { name: "Save lead time" }).click();
  await expect(
    page.getByText("The lead time must be at least 7 days: Thales signs by hand."),
  ).toBeVisible();
  await field.fill("150");
  await page.getByRole("button", { name: "Save lead time" }).click();
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: "Saved. Start-renewal-by dates and reminders follow it." }),
  ).toBeVisible();
  await expect(page.getByTestId("toast")).toHaveText(/Renewal lead time saved\./);
  await page.reload();
  await expect(page.getByTestId("effective-lead-days")).toHaveText("150 days");
  // Only PRD moved.
  const prd = await (
    await request.get(`/api/v1/environments/${gateway.prd}`, { headers: auth(viewer) })
  ).json();
  const ppr = await (
    await request.get(`/api/v1/environments/${gateway.ppr}`, { headers: auth(viewer) })
  ).json();
  expect([prd.effectiveLeadDays, prd.renewalLeadDaysOverride, ppr.effectiveLeadDays]).toEqual([
    150, 150, 90,
  ]);
  // Cleared through the API: the gateway's applies again; an operator may not.
  expect(
    (
      await request.patch(`/api/v1/environments/${gateway.prd}`, {
        headers: auth(operator),
        data: { renewalLeadDaysOverride: null },
      })
    ).status(),
  ).toBe(403);
  const cleared = await request.patch(`/api/v1/environments/${gateway.prd}`, {
    headers: auth(admin),
    data: { renewalLeadDaysOverride: null },
  });
  expect(await cleared.json()).toMatchObject({
    renewalLeadDaysOverride: null,
    effectiveLeadDays: 90,
  });
  const audit = await (
    await request.get("/api/v1/audit?action=environment.renewal-lead.update", {
      headers: auth(admin),
    })
  ).json();
  // The audit API gives each summary as JSON text.
  expect(audit.events.map((e: { summary: string }) => JSON.parse(e.summary).to)).toEqual([
    null,
    150,
  ]);
});
