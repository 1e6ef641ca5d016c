// The PCI DSS 4.2.1.1 / 12.3.3 inventory report from the Reports page: a viewer downloads the PDF
// in Chromium, poppler renders it (PNG kept in test-results/) and reads its text back, which must
// hold the inventory's rows as the JSON twin gives them; the download is audited. Only an admin
// records the yearly review, through a confirmation; the page then shows it and it is not overdue.
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test, expect } from "@playwright/test";
import { VIEWER, createToken, signIn } from "./support/app";

const ADMIN_STATE = "e2e/.artifacts/admin.json";
const NO_COOKIES = { cookies: [], origins: [] };
test.use({ storageState: ADMIN_STATE });

const MGW = `REP_${crypto.randomBytes(3).toString("hex")}`;
const OUT = "test-results/report";
let admin = "";
let viewer = "";
let prd = "";
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

test.beforeAll(async ({ browser, playwright }, info) => {
  const page = await browser.newPage({ storageState: ADMIN_STATE });
  admin = await createToken(page, "report-admin", "admin");
  viewer = await createToken(page, "report-viewer", "viewer");
  await page.close();
  const request = await playwright.request.newContext({
    baseURL: info.project.use.baseURL,
    storageState: NO_COOKIES,
  });
  // A new gateway: its d1-server-roots stores are prefilled with the five Amazon roots.
  const created = await request.post("/api/v1/gateways", {
    headers: auth(admin),
    data: { merchantGatewayId: MGW, name: "Report test gateway" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const list = await (await request.get("/api/v1/gateways", { headers: auth(admin) })).json();
  prd = list.gateways
    .find((g: { merchantGatewayId: string }) => g.merchantGatewayId === MGW)
    .environments.find((e: { code: string }) => e.code === "PRD").id;
  await request.dispose();
  fs.mkdirSync(OUT, { recursive: true });
});

test("a viewer downloads the PDF from the Reports page; it renders, and its text holds the inventory's rows", async ({
  browser,
  playwright,
}) => {
  const context = await browser.newContext({ storageState: NO_COOKIES, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, VIEWER);
  await page.getByRole("link", { name: "Reports" }).click();
  await expect(page.getByRole("heading", { name: "Reports" })).toBeVisible();
  await page
    .getByLabel("Scope", { exact: true })
    .selectOption({ label: `${MGW} (Report test gateway) / PRD` });
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByText(`Scope: ${MGW} (Report test gateway) / PRD`)).toBeVisible();
  await expect(page.getByTestId("review-status")).toContainText("Review overdue");
  await expect(page.getByText("Only an admin records a review.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Record review…" })).toHaveCount(0);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download PDF" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(
    new RegExp(`^inventory-report-${MGW}-PRD-\\d{4}-\\d{2}-\\d{2}\\.pdf$`),
  );
  const file = path.join(OUT, "inventory-report.pdf");
  await download.saveAs(file);
  expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");

  // It opens: poppler renders the first page (kept for a person to look at) and reads the text.
  execFileSync("pdftoppm", [
    "-png",
    "-r",
    "80",
    "-f",
    "1",
    "-l",
    "1",
    file,
    path.join(OUT, "page"),
  ]);
  const png = fs.readdirSync(OUT).find((f) => /^page-0*1\.png$/.test(f));
  expect(png).toBeDefined();
  expect(fs.statSync(path.join(OUT, png!)).size).toBeGreaterThan(20_000);
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  expect(text).toContain("Inventory of trusted keys and certificates (PCI DSS v4 4.2.1.1, 12.3.3)");
  expect(text).toContain(`${MGW} (Report test gateway) / PRD`);
  expect(text).toMatch(
    /Generated\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC by viewer@example\.com/,
  );
  expect(text).toMatch(/Page 1 of \d+/);

  // The same rows as the JSON twin (a viewer token; generated again, so its own audit head).
  const request = await playwright.request.newContext({
    baseURL: test.info().project.use.baseURL,
    storageState: NO_COOKIES,
  });
  const json = await (
    await request.get(`/api/v1/reports/inventory?format=json&environment=${MGW}/PRD`, {
      headers: auth(viewer),
    })
  ).json();
  expect(json.inventory.length).toBeGreaterThanOrEqual(5);
  const lines = text.split("\n");
  // A long CN wraps inside its cell: read in drawing order (-raw), each cell's lines follow each other.
  const squeeze = (x: string) => x.replace(/\s+/g, "");
  const raw = squeeze(execFileSync("pdftotext", ["-raw", file, "-"], { encoding: "utf8" }));
  for (const row of json.inventory as { sha256: string; commonName: string; daysLeft: number }[]) {
    const first = lines.find((l) => l.includes(row.sha256.slice(0, 32)));
    expect(first, row.sha256).toBeDefined();
    expect(first).toMatch(new RegExp(`(^|\\s)${row.daysLeft} days left\\b`));
    expect(text).toContain(row.sha256.slice(32));
    expect(raw).toContain(squeeze(row.commonName));
  }
  expect(json.inventory.map((r: { commonName: string }) => r.commonName)).toEqual(
    expect.arrayContaining(["Amazon Root CA 1", "Amazon Root CA 4"]),
  );

  // Audited: the PDF download by the signed-in viewer, with its scope and format; its head is in the PDF.
  const audit = await (
    await request.get("/api/v1/audit?action=report.inventory.generate", { headers: auth(admin) })
  ).json();
  const pdfRecord = audit.events.find(
    (e: { actorLabel: string; summary: string }) =>
      e.actorLabel === "viewer@example.com" && JSON.parse(e.summary).format === "pdf",
  );
  expect(pdfRecord).toBeDefined();
  expect(JSON.parse(pdfRecord.summary)).toMatchObject({
    scope: `${MGW} (Report test gateway) / PRD`,
    format: "pdf",
  });
  expect(text).toContain(`seq ${pdfRecord.seq}, hash`);
  await request.dispose();
  await context.close();
});

test("only an admin records the yearly review, after a confirmation; the page then shows it up to date", async ({
  page,
  playwright,
}) => {
  const request = await playwright.request.newContext({
    baseURL: test.info().project.use.baseURL,
    storageState: NO_COOKIES,
  });
  const body = {
    environmentId: prd,
    reviewedOn: new Date().toISOString().slice(0, 10),
    reviewer: "Viewer",
    notes: "Trying to record a review as a viewer.",
  };
  expect(
    (await request.post("/api/v1/reviews", { headers: auth(viewer), data: body })).status(),
  ).toBe(403);
  await request.dispose();

  await page.goto(`/reports?environment=${prd}`);
  await expect(page.getByTestId("review-status")).toContainText("Review overdue");
  const form = page.getByRole("form", { name: "Record a yearly review" });
  await form.getByLabel("Reviewer").fill("Ada Admin");
  await form.getByRole("button", { name: "Record review…" }).click();
  await form.getByRole("button", { name: "Confirm: record the review" }).click();
  // Too short notes: refused with the field named, nothing recorded.
  await expect(form.getByText("Say what was reviewed")).toBeVisible();
  await expect(page.getByText("No review recorded yet")).toBeVisible();

  await form
    .getByLabel("What was reviewed")
    .fill("Inventory of keys and certificates, TLS 1.2/1.3 and cipher suites of every endpoint.");
  await form.getByLabel("What changed as a result").fill("Nothing.");
  await form.getByRole("button", { name: "Record review…" }).click();
  await expect(form.getByTestId("review-confirm-text")).toContainText(
    `Record the review of ${MGW} (Report test gateway) / PRD on`,
  );
  await form.getByRole("button", { name: "Confirm: record the review" }).click();
  await expect(page.getByTestId("review-status")).toContainText("Review up to date");
  await expect(page.getByTestId("review-status")).toContainText("by Ada Admin");
  await expect(page.getByRole("table").getByRole("cell", { name: "Ada Admin" })).toBeVisible();
  await page.screenshot({ path: path.join(OUT, "reports-page.png"), fullPage: true });
});
