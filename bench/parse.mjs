#!/usr/bin/env node
// npm run bench:parse — certificate parsing speed of our isomorphic lib/pki (the code the browser
// runs) beside Node's native OpenSSL binding, on Node's bundled Mozilla roots, in the same run.
//   ours:   parseCertificate(pem) — all fields, SHA-256 of the DER and of the SPKI — + colon form
//   native: new crypto.X509Certificate(pem).fingerprint256
// Repetitions alternate between the two so machine noise hits both alike. Target: ours ≤ 3× native.
import crypto from "node:crypto";
import tls from "node:tls";
import { median, writeResult } from "./support.mjs";
import { parseCertificate, toColonHex, hexToBytes } from "../lib/pki/index.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARMUP = 3;
const pems = tls.rootCertificates;

async function ours() {
  const start = performance.now();
  for (const pem of pems) {
    const cert = await parseCertificate(pem);
    toColonHex(hexToBytes(cert.sha256));
  }
  return performance.now() - start;
}

async function native() {
  const start = performance.now();
  for (const pem of pems) {
    void new crypto.X509Certificate(pem).fingerprint256;
  }
  return performance.now() - start;
}

// Both sides must agree before their speed means anything.
for (const pem of pems) {
  const a = (await parseCertificate(pem)).sha256;
  const b = new crypto.X509Certificate(pem).fingerprint256.replace(/:/g, "").toLowerCase();
  if (a !== b) throw new Error(`fingerprint mismatch on a root certificate: ${a} vs ${b}`);
}

const times = { ours: [], native: [] };
for (let run = 0; run < WARMUP + RUNS; run++) {
  const a = await ours();
  const b = await native();
  if (run >= WARMUP) {
    times.ours.push(a);
    times.native.push(b);
  }
}

const round = (v) => Math.round(v * 100) / 100;
const oursMs = median(times.ours);
const nativeMs = median(times.native);
const rows = [
  {
    implementation: "ours: parseCertificate + SHA-256",
    certificates: pems.length,
    runs: RUNS,
    medianMs: round(oursMs),
    perCertificateUs: Math.round((oursMs / pems.length) * 1000),
    allMs: times.ours.map(round),
  },
  {
    implementation: "native: crypto.X509Certificate + fingerprint256",
    certificates: pems.length,
    runs: RUNS,
    medianMs: round(nativeMs),
    perCertificateUs: Math.round((nativeMs / pems.length) * 1000),
    allMs: times.native.map(round),
  },
];
const ratio = Number((oursMs / nativeMs).toFixed(2));

console.log(
  `\nParsing ${pems.length} Mozilla root certificates (PEM), medians of ${RUNS} runs after ${WARMUP} warm-up runs:`,
);
console.table(rows.map(({ allMs, ...r }) => r));
console.log(`ratio ours/native: ${ratio}× (target ≤ 3×) ${ratio <= 3 ? "OK" : "MISSED"}`);
writeResult("parse", { rows, ratio, target: "ours ≤ 3× native", node: process.version });
