import { test, expect } from "@playwright/test";
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { freePort } from "./support/spawn-server";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { HSTS } from "../lib/security/headers";

// HTTPS served by the app itself (scripts/https-server.mjs, what `npm start` runs when
// TLS_CERT_FILE and TLS_KEY_FILE are set), with a self-signed certificate made by openssl.
test.describe.configure({ mode: "serial", timeout: 180_000 });

let dir: string;
let certFile: string;
let keyFile: string;
let caPem: string;
let port: number;
let redirectPort: number;
let proc: ChildProcess | null = null;
let log = "";

function makeCertificate(name: string, cn: string) {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
      "-days",
      "30",
      "-subj",
      `/CN=${cn}`,
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  );
  return { cert, key };
}

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** An HTTPS request that trusts only the test certificate (verified, not `rejectUnauthorized: false`). */
function httpsGet(
  pathname: string,
  headers: Record<string, string> = {},
  ca = caPem,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      { host: "127.0.0.1", port, path: pathname, ca, headers, agent: false },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
  });
}

function httpGet(targetPort: number, pathname: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: "127.0.0.1", port: targetPort, path: pathname, agent: false, timeout: 5000 },
      (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

/** A TLS handshake pinned to one protocol version: the negotiated version and the server's certificate, or the error. */
function handshake(
  targetPort: number,
  version: tls.SecureVersion,
  ca = caPem,
): Promise<{ protocol: string | null; fingerprint: string } | { error: string }> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: "127.0.0.1",
      port: targetPort,
      ca,
      minVersion: version,
      maxVersion: version,
      // Let this client offer TLS 1.0/1.1 at all (OpenSSL 3 disables them at the default level).
      ciphers: "DEFAULT@SECLEVEL=0",
    });
    socket.once("secureConnect", () => {
      const result = {
        protocol: socket.getProtocol(),
        fingerprint: socket.getPeerCertificate().fingerprint256,
      };
      socket.destroy();
      resolve(result);
    });
    socket.once("error", (error: NodeJS.ErrnoException) =>
      resolve({ error: `${error.code ?? ""} ${error.message}` }),
    );
  });
}

const fingerprintOf = (pem: string) => new crypto.X509Certificate(pem).fingerprint256;

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-https-"));
  const made = makeCertificate("server", "localhost");
  certFile = made.cert;
  keyFile = made.key;
  caPem = fs.readFileSync(certFile, "utf8");
  port = await freePort();
  redirectPort = await freePort();
  proc = spawn(
    process.execPath,
    ["scripts/https-server.mjs", "-H", "127.0.0.1", "-p", String(port)],
    {
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        DATA_DIR: path.join(dir, "data"),
        DATABASE_URL: "",
        // No APP_URL: HSTS and Secure cookies must follow from serving TLS itself.
        APP_URL: "",
        REMINDERS_SCHEDULER: "off",
        TLS_CERT_FILE: certFile,
        TLS_KEY_FILE: keyFile,
        HTTP_REDIRECT_PORT: String(redirectPort),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  proc.stdout!.on("data", (c) => (log += c));
  proc.stderr!.on("data", (c) => (log += c));
  const deadline = Date.now() + 90_000;
  for (;;) {
    const reply = await httpsGet("/api/health").catch(() => null);
    if (reply?.status === 200) break;
    if (Date.now() > deadline || proc.exitCode !== null)
      throw new Error(`the HTTPS server did not come up:\n${log}`);
    await new Promise((r) => setTimeout(r, 300));
  }
});

test.afterAll(async () => {
  if (proc && proc.exitCode === null) {
    const exited = new Promise((r) => proc!.once("exit", r));
    proc.kill("SIGTERM");
    await exited;
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("TLS 1.2 and TLS 1.3 handshakes succeed with the configured certificate; TLS 1.1 is refused", async () => {
  const expected = fingerprintOf(caPem);
  expect(await handshake(port, "TLSv1.2")).toEqual({ protocol: "TLSv1.2", fingerprint: expected });
  expect(await handshake(port, "TLSv1.3")).toEqual({ protocol: "TLSv1.3", fingerprint: expected });
  const old = await handshake(port, "TLSv1.1");
  expect(old).toHaveProperty("error");
  expect((old as { error: string }).error).toMatch(
    /protocol version|PROTOCOL_VERSION|unsupported protocol/i,
  );

  // Control: the same client does complete TLS 1.1 with a server that allows it, so the
  // refusal above is the app's minimum version and not a limit of this client.
  const { cert, key } = { cert: caPem, key: fs.readFileSync(keyFile, "utf8") };
  const lenient = tls.createServer(
    { cert, key, minVersion: "TLSv1", ciphers: "DEFAULT@SECLEVEL=0" },
    (s) => s.end(),
  );
  lenient.on("tlsClientError", () => {});
  await new Promise<void>((r) => lenient.listen(0, "127.0.0.1", () => r()));
  try {
    expect(await handshake((lenient.address() as net.AddressInfo).port, "TLSv1.1")).toMatchObject({
      protocol: "TLSv1.1",
    });
  } finally {
    lenient.close();
  }
});

test("/api/health answers over HTTPS with HSTS; pages get it too, and a forged X-Forwarded-Proto cannot remove it", async () => {
  const health = await httpsGet("/api/health");
  expect(health.status).toBe(200);
  expect(JSON.parse(health.body)).toMatchObject({ status: "ok" });
  expect(health.headers["strict-transport-security"]).toBe(HSTS);
  expect(HSTS).toMatch(/^max-age=\d+; includeSubDomains$/);

  const page = await httpsGet("/setup", { "x-forwarded-proto": "http" });
  expect(page.status).toBe(200);
  expect(page.headers["strict-transport-security"]).toBe(HSTS);
  expect(page.headers["content-security-policy"]).toContain("upgrade-insecure-requests");
  expect(page.body).toContain("Create administrator");
});

test("plain HTTP is not served on the HTTPS port; HTTP_REDIRECT_PORT only redirects to HTTPS", async () => {
  await expect(httpGet(port, "/api/health")).rejects.toThrow();

  const redirect = await httpGet(redirectPort, "/api/health?probe=1");
  expect(redirect.status).toBe(308);
  expect(redirect.headers.location).toBe(`https://127.0.0.1:${port}/api/health?probe=1`);
  expect(redirect.headers["strict-transport-security"]).toBeUndefined();
  expect(redirect.body).not.toContain("status");
});

test("SIGHUP reloads a renewed certificate without a restart", async () => {
  const renewed = makeCertificate("renewed", "localhost");
  fs.copyFileSync(renewed.key, keyFile);
  fs.copyFileSync(renewed.cert, certFile);
  const newPem = fs.readFileSync(certFile, "utf8");
  proc!.kill("SIGHUP");
  await expect.poll(() => log).toContain("[https] certificate reloaded");
  expect(await handshake(port, "TLSv1.3", newPem)).toEqual({
    protocol: "TLSv1.3",
    fingerprint: fingerprintOf(newPem),
  });
  expect((await httpsGet("/api/health", {}, newPem)).status).toBe(200);

  // A broken renewal (a key of another certificate) is refused, and the server keeps the good one.
  const other = makeCertificate("other", "localhost");
  fs.copyFileSync(other.key, keyFile);
  proc!.kill("SIGHUP");
  await expect
    .poll(() => log)
    .toContain(
      "[https] certificate NOT reloaded, still serving the previous one: The key in TLS_KEY_FILE",
    );
  expect(await handshake(port, "TLSv1.2", newPem)).toMatchObject({
    fingerprint: fingerprintOf(newPem),
  });
  fs.copyFileSync(renewed.key, keyFile);
});

test("npm start stops at once with a clear message when a file is missing or the key does not match", async () => {
  const other = makeCertificate("mismatch", "localhost");
  const run = (env: Record<string, string>) => {
    const result = spawnSync(process.execPath, ["scripts/start.mjs"], {
      env: { ...process.env, ...env },
      encoding: "utf8",
      timeout: 30_000,
    });
    return { status: result.status, stderr: result.stderr };
  };
  const missing = run({ TLS_CERT_FILE: path.join(dir, "nope.crt"), TLS_KEY_FILE: keyFile });
  expect(missing.status).toBe(1);
  expect(missing.stderr).toContain(
    `[start] cannot serve HTTPS: TLS_CERT_FILE=${path.join(dir, "nope.crt")} cannot be read: no such file.`,
  );

  const mismatch = run({ TLS_CERT_FILE: certFile, TLS_KEY_FILE: other.key });
  expect(mismatch.status).toBe(1);
  expect(mismatch.stderr).toContain(
    `[start] cannot serve HTTPS: The key in TLS_KEY_FILE=${other.key} does not match the certificate in TLS_CERT_FILE=${certFile}`,
  );

  const half = run({ TLS_CERT_FILE: certFile, TLS_KEY_FILE: "" });
  expect(half.status).toBe(1);
  expect(half.stderr).toContain("TLS_CERT_FILE is set but TLS_KEY_FILE is not");

  const notPem = run({ TLS_CERT_FILE: keyFile, TLS_KEY_FILE: keyFile });
  expect(notPem.stderr).toContain("holds no PEM certificate");
});
