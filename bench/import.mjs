#!/usr/bin/env node
// Second half of `npm run bench:parse`: the same 144 Mozilla roots imported end to end into a
// trust store through the API of a running production server (HTTP, parse, checks, one
// transaction, audit), timed from request to response. Target ≤ 2 s.
import tls from "node:tls";
import { ensureBuild, median, startApp, writeResult } from "./support.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
ensureBuild();
const app = await startApp(3291);
try {
  const headers = {
    authorization: `Bearer ${app.token}`,
    "content-type": "application/x-pem-file",
  };
  const bundle = tls.rootCertificates.join("\n");
  const times = [];
  let last;
  for (let run = 0; run < RUNS; run++) {
    const created = await fetch(`${app.url}/api/v1/gateways`, {
      method: "POST",
      headers: { authorization: headers.authorization, "content-type": "application/json" },
      body: JSON.stringify({
        merchantGatewayId: `BENCH${String(run).padStart(5, "0")}`,
        name: "bench",
      }),
    }).then((r) => r.json());
    const started = performance.now();
    const response = await fetch(
      `${app.url}/api/v1/environments/${created.environments[0].id}/trust-stores/our-server-chain`,
      { method: "POST", headers, body: bundle },
    );
    last = await response.json();
    times.push(performance.now() - started);
    if (response.status !== 201)
      throw new Error(`import failed: ${response.status} ${JSON.stringify(last)}`);
  }
  const medianMs = Math.round(median(times));
  console.log(
    `\nImporting ${tls.rootCertificates.length} roots into a trust store through the API (fresh environment each run):`,
  );
  console.table([
    {
      runs: RUNS,
      medianMs,
      allMs: times.map(Math.round).join(" "),
      added: last.added.length,
      skipped: last.skipped.length,
      rejected: last.rejected.length,
    },
  ]);
  console.log(`target ≤ 2000 ms: ${medianMs <= 2000 ? "OK" : "MISSED"}`);
  writeResult("import", {
    certificates: tls.rootCertificates.length,
    runs: RUNS,
    medianMs,
    allMs: times,
    target: "≤ 2000 ms end to end",
  });
} finally {
  await app.stop();
}
