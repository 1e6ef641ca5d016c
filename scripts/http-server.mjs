#!/usr/bin/env node
// Serves the production build over plain HTTP: what `npm start` and the container image run when
// TLS_CERT_FILE is unset (behind a TLS-terminating proxy, or on a trusted network). Like
// `next start`, plus one thing `next start` cannot do: forwarding headers (X-Forwarded-For,
// -Proto, -Host, X-Real-IP) are believed only from TRUSTED_PROXIES (scripts/forwarded.mjs).
// `next start` passes a client's forged X-Forwarded-For on to the app.
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { applyForwarded, trustedProxiesFromEnv, TrustedProxiesError } from "./forwarded.mjs";
import { listenOptions, TlsConfigError } from "./https-server.mjs";
import { drainOnSignal } from "./drain.mjs";
import { countRequest } from "./request-activity.mjs";
import { nextRequestHandler } from "./next-handler.mjs";
import {
  admissionGate,
  admissionLimitFromEnv,
  AdmissionConfigError,
  describeLimit,
} from "./admission.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main() {
  const trusted = trustedProxiesFromEnv();
  const limit = admissionLimitFromEnv(process.env, os.availableParallelism());
  const { port, hostname } = listenOptions(process.argv.slice(2));
  const handle = await nextRequestHandler({ root, port, hostname });
  const gate = admissionGate({ limit });
  const server = http.createServer((req, res) => {
    countRequest(res);
    applyForwarded(req, trusted);
    gate(req, res, () => handle(req, res));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });
  const proxies = trusted
    ? `forwarding headers trusted from ${trusted.entries.join(", ")}`
    : "no trusted proxies: the connection's address is the client's";
  console.log(
    `[http] serving http://${hostname ?? "localhost"}:${port} (${proxies}; ${describeLimit(limit)})`,
  );
  drainOnSignal([server]);
}

main().catch((error) => {
  const known =
    error instanceof TrustedProxiesError ||
    error instanceof TlsConfigError ||
    error instanceof AdmissionConfigError;
  console.error(known ? `[http] cannot start: ${error.message}` : error);
  process.exit(1);
});
