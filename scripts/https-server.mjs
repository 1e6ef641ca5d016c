#!/usr/bin/env node
// Serves the production build over HTTPS, without a reverse proxy: `npm start` runs this
// instead of `next start` when TLS_CERT_FILE and TLS_KEY_FILE are set. TLS 1.2 or higher.
// Optional HTTP_REDIRECT_PORT: a plain-HTTP listener that only redirects to HTTPS.
// SIGHUP re-reads the certificate and key (after a renewal) without dropping connections.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { fileURLToPath } from "node:url";
import { applyForwarded, trustedProxiesFromEnv, TrustedProxiesError } from "./forwarded.mjs";
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

export class TlsConfigError extends Error {}

const portNumber = (name, raw) => {
  const value = Number(raw);
  if (!/^\d+$/.test(String(raw).trim()) || value < 1 || value > 65535)
    throw new TlsConfigError(`${name} must be a port number (1-65535), not "${raw}".`);
  return value;
};

/** null when HTTPS is not asked for; throws TlsConfigError when it is asked for wrongly. */
export function tlsSettingsFromEnv(env = process.env) {
  const certFile = env.TLS_CERT_FILE?.trim() ?? "";
  const keyFile = env.TLS_KEY_FILE?.trim() ?? "";
  const redirect = env.HTTP_REDIRECT_PORT?.trim() ?? "";
  if (!certFile && !keyFile) {
    if (redirect)
      throw new TlsConfigError(
        "HTTP_REDIRECT_PORT is set, but HTTPS is not: also set TLS_CERT_FILE and TLS_KEY_FILE.",
      );
    return null;
  }
  if (!certFile)
    throw new TlsConfigError(
      "TLS_KEY_FILE is set but TLS_CERT_FILE is not: set both to serve HTTPS.",
    );
  if (!keyFile)
    throw new TlsConfigError(
      "TLS_CERT_FILE is set but TLS_KEY_FILE is not: set both to serve HTTPS.",
    );
  return {
    certFile,
    keyFile,
    redirectPort: redirect ? portNumber("HTTP_REDIRECT_PORT", redirect) : null,
  };
}

function readPem(variable, file) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    const why =
      error.code === "ENOENT"
        ? "no such file"
        : error.code === "EACCES"
          ? "permission denied"
          : error.code === "EISDIR"
            ? "it is a folder"
            : error.message;
    throw new TlsConfigError(`${variable}=${file} cannot be read: ${why}.`);
  }
}

/**
 * Reads and checks the certificate (chain) and key: both parse, the key is not encrypted, and
 * it is the key of the first certificate in TLS_CERT_FILE. Returns the options for the server.
 */
export function loadTls({ certFile, keyFile }, now = new Date()) {
  const cert = readPem("TLS_CERT_FILE", certFile);
  const key = readPem("TLS_KEY_FILE", keyFile);
  let leaf;
  try {
    leaf = new crypto.X509Certificate(cert);
  } catch {
    throw new TlsConfigError(
      `TLS_CERT_FILE=${certFile} holds no PEM certificate (expected "-----BEGIN CERTIFICATE-----", the server certificate first, then its intermediates).`,
    );
  }
  let privateKey;
  try {
    privateKey = crypto.createPrivateKey(key);
  } catch (error) {
    if (error.code === "ERR_MISSING_PASSPHRASE")
      throw new TlsConfigError(
        `TLS_KEY_FILE=${keyFile} is encrypted with a passphrase; give the server an unencrypted key file (readable only by its user).`,
      );
    throw new TlsConfigError(`TLS_KEY_FILE=${keyFile} holds no PEM private key.`);
  }
  if (!leaf.checkPrivateKey(privateKey)) {
    throw new TlsConfigError(
      `The key in TLS_KEY_FILE=${keyFile} does not match the certificate in TLS_CERT_FILE=${certFile} (${leaf.subject.replace(/\n/g, ", ")}).`,
    );
  }
  try {
    tls.createSecureContext({ cert, key, minVersion: "TLSv1.2" });
  } catch (error) {
    throw new TlsConfigError(`TLS_CERT_FILE/TLS_KEY_FILE cannot be used for TLS: ${error.message}`);
  }
  const validTo = new Date(leaf.validTo);
  const warnings = [];
  if (validTo <= now)
    warnings.push(
      `the certificate in TLS_CERT_FILE expired on ${validTo.toISOString()}; browsers will refuse it`,
    );
  else if (new Date(leaf.validFrom) > now)
    warnings.push(
      `the certificate in TLS_CERT_FILE is not valid before ${new Date(leaf.validFrom).toISOString()}`,
    );
  return { cert, key, subject: leaf.subject.replace(/\n/g, ", "), validTo, warnings };
}

/** `-p 8443`, `--port=8443`, `-H 127.0.0.1`, `--hostname …`, as `next start` takes them. */
export function listenOptions(argv, env = process.env) {
  const out = { port: env.PORT?.trim() || "3000", hostname: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = inline ?? argv[i + 1];
    if (flag === "-p" || flag === "--port") out.port = value;
    else if (flag === "-H" || flag === "--hostname") out.hostname = value;
    else continue;
    if (inline === undefined) i++;
  }
  return { port: portNumber("PORT", out.port), hostname: out.hostname };
}

/** Where a plain-HTTP request is sent: APP_URL's origin when it is https, else this host on the HTTPS port. */
export function redirectTarget(req, httpsPort, appUrl = process.env.APP_URL) {
  const pathAndQuery = (req.url ?? "/").startsWith("/") ? req.url : "/";
  if (appUrl?.startsWith("https://")) return new URL(appUrl).origin + pathAndQuery;
  const host = (req.headers.host ?? "localhost").replace(/:\d+$/, "");
  const safeHost = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/i.test(host) ? host : "localhost";
  return `https://${safeHost}${httpsPort === 443 ? "" : `:${httpsPort}`}${pathAndQuery}`;
}

async function main() {
  const settings = tlsSettingsFromEnv();
  if (!settings)
    throw new TlsConfigError("scripts/https-server.mjs needs TLS_CERT_FILE and TLS_KEY_FILE.");
  const material = loadTls(settings);
  const trusted = trustedProxiesFromEnv();
  const limit = admissionLimitFromEnv(process.env, os.availableParallelism());
  const gate = admissionGate({ limit });
  for (const warning of material.warnings) console.warn(`[https] warning: ${warning}`);
  const { port, hostname } = listenOptions(process.argv.slice(2));

  const handle = await nextRequestHandler({ root, port, hostname });

  const server = https.createServer(
    { cert: material.cert, key: material.key, minVersion: "TLSv1.2" },
    (req, res) => {
      countRequest(res);
      // Forwarded headers from a client that is not in TRUSTED_PROXIES are forgeries: replace
      // them with what the connection says (better-auth's per-IP limit reads x-forwarded-for,
      // and proxy.ts decides on HSTS from the protocol).
      applyForwarded(req, trusted, { encrypted: true });
      gate(req, res, () => handle(req, res));
    },
  );
  // Handshake failures (a plain-HTTP request, TLS 1.1, an unknown CA at the client) are the
  // client's problem: drop them without filling the log.
  server.on("tlsClientError", () => {});
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });
  console.log(
    `[https] serving https://${hostname ?? "localhost"}:${port} (TLS 1.2+; certificate ${material.subject}, valid until ${material.validTo.toISOString()}; ${describeLimit(limit)})`,
  );

  let redirector;
  if (settings.redirectPort) {
    redirector = http.createServer((req, res) => {
      res.writeHead(308, { location: redirectTarget(req, port), "content-type": "text/plain" });
      res.end("This server answers over HTTPS only.\n");
    });
    await new Promise((resolve, reject) => {
      redirector.once("error", reject);
      redirector.listen(settings.redirectPort, hostname, resolve);
    });
    console.log(`[https] plain HTTP on port ${settings.redirectPort} redirects to HTTPS`);
  }

  process.on("SIGHUP", () => {
    try {
      const renewed = loadTls(settings);
      server.setSecureContext({ cert: renewed.cert, key: renewed.key, minVersion: "TLSv1.2" });
      console.log(
        `[https] certificate reloaded: ${renewed.subject}, valid until ${renewed.validTo.toISOString()}`,
      );
      for (const warning of renewed.warnings) console.warn(`[https] warning: ${warning}`);
    } catch (error) {
      console.error(
        `[https] certificate NOT reloaded, still serving the previous one: ${error.message}`,
      );
    }
  });
  drainOnSignal([server, redirector]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(
      error instanceof TlsConfigError ||
        error instanceof TrustedProxiesError ||
        error instanceof AdmissionConfigError
        ? `[https] cannot start: ${error.message}`
        : error,
    );
    process.exit(1);
  });
}
