#!/usr/bin/env node
// `npm run bench:first-load`: the JavaScript a cold load of each page fetches (compressed bytes,
// as served by the production build), in headless Chromium, signed in, on a seeded PGlite fleet
// (bench/seed.mjs). Targets: ≤ 180 KB on the overview and the inventory; the PKI libraries load
// only on the page that builds a CSR. Results: bench/results/first-load-<timestamp>.json.
import { chromium } from "@playwright/test";
import {
  chromiumArgs,
  chromiumPath,
  cookiesFor,
  ensureBuild,
  measureFirstLoad,
  writeResult,
} from "./support.mjs";
import { FLEET, startSeededApp } from "./seed.mjs";
import { summarizeFirstLoad } from "./summary.mjs";

const TARGET = { kilobytes: 180, pages: ["overview", "inventory"], pkiOnlyOn: ["new csr"] };
const ROUTES = [
  ["overview", "/"],
  ["inventory", "/certificates"],
  ["csr list", "/gateways/MGW_000001/PPR/csrs"],
  ["new csr", "/gateways/MGW_000001/PPR/csrs/new"],
];

ensureBuild();
const { app, cookie, stop } = await startSeededApp("pglite");
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
let pages;
try {
  pages = await measureFirstLoad(browser, app.url, cookiesFor(app, cookie), ROUTES);
} finally {
  await browser.close();
  await stop();
}
for (const [name, page] of Object.entries(pages)) {
  page.sizePass = TARGET.pages.includes(name) ? page.kilobytes <= TARGET.kilobytes : null;
  // Where a CSR is built they may load (up front or on demand); anywhere else they must not.
  page.pkiPass = TARGET.pkiOnlyOn.includes(name) ? null : !page.pkiLibrariesInFirstLoad;
}
console.table(pages);
const result = { fleet: FLEET, targets: TARGET, pages };
console.log(summarizeFirstLoad(result));
console.log(`\nResults: ${writeResult("first-load", result, { stamped: true })}`);
