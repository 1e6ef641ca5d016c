#!/usr/bin/env node
// npm run bench:csr — click-to-PEM time of the browser CSR flow in headless Chromium (WebCrypto
// key generation + PKCS#10 signing), beside `openssl req -new -newkey …` on this machine, in
// the same run. Also the first-load JavaScript of the overview and CSR pages.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import {
  chromiumArgs,
  chromiumPath,
  ensureBuild,
  measureFirstLoad,
  median,
  startApp,
  writeResult,
} from "./support.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 11);
ensureBuild();
const app = await startApp(3290);
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  await fetch(`${app.url}/api/v1/gateways`, {
    method: "POST",
    headers: { authorization: `Bearer ${app.token}`, "content-type": "application/json" },
    body: JSON.stringify({ merchantGatewayId: "MGW_000001", name: "Bench" }),
  });
  const page = await browser.newPage();
  await page.goto(`${app.url}/sign-in`);
  await page.getByLabel("Email").fill(app.admin.email);
  await page.getByLabel("Password").fill(app.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Overview" }).waitFor();

  // First-load JS: compressed bytes of every script a cold load of the page fetches.
  const cookies = (await page.context().cookies()).map(({ name, value }) => ({
    name,
    value,
    url: app.url,
  }));
  const firstLoad = await measureFirstLoad(browser, app.url, cookies, [
    ["overview", "/"],
    ["csr list", "/gateways/MGW_000001/PPR/csrs"],
    ["new csr", "/gateways/MGW_000001/PPR/csrs/new"],
  ]);

  const ours = { "ECDSA P-256": [], "RSA 4096": [] };
  for (const keyType of Object.keys(ours)) {
    for (let run = 0; run < RUNS; run++) {
      await page.goto(`${app.url}/gateways/MGW_000001/PPR/csrs/new`);
      await page.getByRole("radio", { name: new RegExp(keyType) }).check();
      for (const [label, value] of [
        ["Country (C)", "FR"],
        ["State or province (ST)", "IDF"],
        ["Locality (L)", "Paris"],
        ["Organisation (O)", "Bench"],
        ["Organisational unit (OU)", "Ops"],
      ]) {
        await page.getByLabel(label).fill(value);
      }
      await page.getByRole("button", { name: "Generate key pair and CSR" }).click();
      await page.getByTestId("local-policy-ok").waitFor({ timeout: 60_000 });
      const ms = await page.evaluate(
        () => performance.getEntriesByName("csr:click-to-pem").at(-1)?.duration,
      );
      ours[keyType].push(ms);
    }
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "d1-bench-openssl-"));
  const opensslArgs = {
    "ECDSA P-256": ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
    "RSA 4096": ["-newkey", "rsa:4096"],
  };
  const openssl = { "ECDSA P-256": [], "RSA 4096": [] };
  for (const keyType of Object.keys(openssl)) {
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      execFileSync(
        "openssl",
        [
          "req",
          "-new",
          ...opensslArgs[keyType],
          "-sha256",
          "-nodes",
          "-keyout",
          path.join(work, "k.pem"),
          "-subj",
          "/C=FR/ST=IDF/L=Paris/O=Bench/OU=Ops/CN=TLSMA-RSA\\/MGW_000001\\/PPR",
          "-out",
          path.join(work, "r.csr"),
        ],
        { stdio: "ignore" },
      );
      openssl[keyType].push(performance.now() - start);
    }
  }
  fs.rmSync(work, { recursive: true, force: true });

  const round = (v) => Math.round(v * 10) / 10;
  const rows = Object.keys(ours).map((keyType) => {
    const a = median(ours[keyType]);
    const b = median(openssl[keyType]);
    return {
      keyType,
      runs: RUNS,
      oursMedianMs: round(a),
      opensslMedianMs: round(b),
      ratio: Number((a / b).toFixed(2)),
      oursAllMs: ours[keyType].map(round),
      opensslAllMs: openssl[keyType].map(round),
    };
  });
  console.log(
    "\nClick-to-PEM in headless Chromium vs `openssl req -new -newkey` (process start included), medians:",
  );
  console.table(rows.map(({ oursAllMs, opensslAllMs, ...r }) => r));
  console.log("First-load JavaScript (compressed, cold cache):");
  console.table(firstLoad);
  writeResult("csr", {
    csr: rows,
    firstLoad,
    targets: { "RSA 4096": "ours ≤ OpenSSL median", "ECDSA P-256": "ours ≤ 100 ms" },
  });
} finally {
  await browser.close();
  await app.stop();
}
