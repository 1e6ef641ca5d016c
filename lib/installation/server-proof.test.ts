// Our server's installation proven by a real outbound probe (issue 17), on both databases: a TLS
// server on loopback presents the leaf recorded in our-server-chain (expected), then another one
// on the same port (unexpected). Loopback is not reachable by D1 (ADR 0015); the chain is recorded.
import tls from "node:tls";
import { X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { seedGateway, testAdmin } from "@/lib/reminder/test-support";
import { makeServerPki, type ServerPki } from "@/lib/probe/test-support";
import { runProbeTarget } from "@/lib/probe/mutations";
import type { ProbeOptions } from "@/lib/probe/engine";
import { parseCertificateBundle } from "@/lib/pki";
import { addTrustEntries } from "@/lib/trust-store/mutations";
import { addInstallation } from "./mutations";
import { listInstallations } from "./data";
import { installationFieldsSchema } from "./schema";

const OPTIONS: ProbeOptions = { timeoutMs: 2_000, totalTimeoutMs: 6_000, openssl: "openssl" };
let ours: ServerPki;
let other: ServerPki;
const fingerprint = (pem: string) =>
  new X509Certificate(pem).fingerprint256.replace(/:/g, "").toLowerCase();

async function serve(
  pki: ServerPki,
  port = 0,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = tls.createServer({ key: pki.leafKey, cert: pki.leaf + pki.intermediate }, (s) =>
    s.end("ok\n"),
  );
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve, reject) =>
    server.once("error", reject).listen(port, "127.0.0.1", () => resolve()),
  );
  return {
    port: (server.address() as { port: number }).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

beforeAll(() => {
  ours = makeServerPki();
  other = makeServerPki();
});
afterAll(() => {
  ours.ssl.cleanup();
  other.ssl.cleanup();
});

describe.each(DATABASE_KINDS)("our server's installation proof on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t.drop());

  it("is expected while the recorded leaf is presented, unexpected after a swap", async () => {
    const gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_PROOF1" });
    const chain = (await parseCertificateBundle(ours.leaf + ours.intermediate)).certificates;
    expect(
      (await addTrustEntries(t.prisma, testAdmin, gw.ppr, "our-server-chain", chain, "test")).ok,
    ).toBe(true);
    let server = await serve(ours);
    const added = await addInstallation(
      t.prisma,
      testAdmin,
      gw.ppr,
      { serverChain: true },
      installationFieldsSchema.parse({
        systemName: "edge",
        kind: "host-port",
        host: "127.0.0.1",
        port: server.port,
      }),
    );
    if (!added.ok) throw new Error(added.message);
    const proof = async () =>
      (await listInstallations(t.prisma, { environmentId: gw.ppr, of: { serverChain: true } }))[0]!
        .proof!;
    expect((await proof()).verdict).toBe("not-probed");
    const targetId = (await t.prisma.installation.findUniqueOrThrow({ where: { id: added.id } }))
      .probeTargetId!;

    const first = await runProbeTarget(t.prisma, testAdmin, targetId, OPTIONS);
    expect(first.ok && first.result?.report.reachable).toBe(false); // loopback: not reachable by D1
    expect(await proof()).toMatchObject({
      verdict: "expected",
      presentedSha256: fingerprint(ours.leaf),
      expectedSha256: [fingerprint(ours.leaf)],
    });

    await server.close();
    server = await serve(other, server.port);
    try {
      await runProbeTarget(t.prisma, testAdmin, targetId, OPTIONS);
      expect(await proof()).toMatchObject({
        verdict: "unexpected",
        presentedSha256: fingerprint(other.leaf),
      });
    } finally {
      await server.close();
    }
  }, 60_000);
});
