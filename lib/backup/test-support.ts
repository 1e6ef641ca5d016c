// TEST-ONLY: a database with at least one row of every table, made through the real mutations
// where they exist (users, tokens, gateways, trust stores, CSRs, certificate import, renewal,
// revocation, reminder sweep, acknowledge and snooze, calendar feed), and inserted directly for
// the tables whose features are still being built. Used by the backup and export tests.
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import type { CaFixtures } from "@/lib/pki/test-support/ca";
import { createUser } from "@/lib/auth/users";
import { createApiToken } from "@/lib/auth/tokens";
import { authSecret } from "@/lib/auth/secret";
import { registerCsr, markCsrSubmitted, cancelCsr } from "@/lib/csr/mutations";
import { addTrustEntries, parseForStore } from "@/lib/trust-store/mutations";
import { importCertificate } from "@/lib/certificate/import";
import { revokeCertificate } from "@/lib/certificate/revoke";
import {
  confirmDeployed,
  linkImportedCertificate,
  linkRenewalCsr,
  markRenewalSubmitted,
  retireOld,
  startRenewal,
} from "@/lib/renewal/workflow";
import { runSweep } from "@/lib/reminder/sweep";
import { acknowledge, snooze } from "@/lib/reminder/mutations";
import { createCalendarFeed } from "@/lib/calendar/tokens";
import {
  DAY,
  insertCertificate,
  seedGateway,
  startWebhookServer,
} from "@/lib/reminder/test-support";

export const seedActor: Actor = {
  type: "user",
  id: null,
  label: "admin@example.com",
  role: "admin",
};

function must<T extends { ok: boolean }>(result: T | null, what: string): T & { ok: true } {
  if (!result?.ok) throw new Error(`${what} failed: ${JSON.stringify(result)}`);
  return result as T & { ok: true };
}

async function store(
  db: Db,
  environmentId: string,
  slug: Parameters<typeof addTrustEntries>[3],
  pem: string,
) {
  const parsed = await parseForStore(pem);
  if (!parsed.ok) throw new Error(parsed.message);
  must(
    await addTrustEntries(db, seedActor, environmentId, slug, parsed.certificates, "test"),
    `trust store ${slug}`,
  );
}

const csrRow = (environmentId: string, key: string, commonName: string) => ({
  environmentId,
  pem: "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n",
  subjectDn: `CN=${commonName}`,
  subject: { CN: commonName, O: "Example Payments, SAS" },
  commonName,
  keyType: "ECDSA",
  curve: "P-256",
  signatureAlgorithm: "ecdsa-with-SHA256",
  publicKeySha256: key,
  origin: "registered",
  createdByLabel: "seed",
});

/** Seeds every table (the excluded ones too, to show they are left out). Returns a few ids. */
export async function seedEveryKindOfRow(db: Db, fx: CaFixtures) {
  const now = new Date();
  const hook = await startWebhookServer([500]);
  try {
    // Accounts: users with password accounts, a two-factor secret, a token, the auth secret.
    const alice = must(
      await createUser(db, seedActor, {
        email: "alice@example.com",
        name: 'Alice Ünïcode ✓ "quoted"',
        password: "correct horse battery",
        role: "admin",
      }),
      "user",
    ).user;
    const bob = must(
      await createUser(db, seedActor, {
        email: "bob@example.com",
        password: "another good password",
        role: "viewer",
      }),
      "user",
    ).user;
    await db.user.update({
      where: { id: alice.id },
      data: { twoFactorEnabled: true, image: null },
    });
    await db.twoFactor.create({
      data: {
        id: "tf-alice",
        secret: "encrypted:totp",
        backupCodes: "encrypted:codes",
        userId: alice.id,
        verified: true,
        failedVerificationCount: 2,
        lockedUntil: new Date(now.getTime() + DAY),
      },
    });
    await createApiToken(db, seedActor, { name: "ci", role: "viewer", expiresInDays: 30 });
    await authSecret(db);
    // Rows a backup leaves out on purpose.
    await db.session.create({
      data: {
        id: "session-1",
        token: "session-token-1",
        userId: bob.id,
        expiresAt: new Date(now.getTime() + DAY),
      },
    });
    await db.rateLimit.create({
      data: { id: "rl-1", key: "bob@example.com", count: 3, lastRequest: BigInt(now.getTime()) },
    });
    await db.verification.create({
      data: {
        id: "ver-1",
        identifier: "reset:bob",
        value: "v",
        expiresAt: new Date(now.getTime() + 600_000),
      },
    });
    await db.setupCode.create({ data: { codeHash: "stale-setup-code" } });

    // Gateways and their settings (MGW_000001: the fixtures' CN names it).
    const gw = await seedGateway(db, {
      merchantGatewayId: "MGW_000001",
      webhookUrl: hook.url,
      reminderEmails: ["ops@example.com", "pki@example.com"],
      reminderThresholds: [90, 30, 7],
    });
    const gw2 = await seedGateway(db, { merchantGatewayId: "MGW_000002" });
    await db.environment.update({ where: { id: gw2.prd }, data: { renewalLeadDaysOverride: 60 } });

    // Trust stores, a CSR and the certificate issued from it, a non-compliant one.
    await store(db, gw.ppr, "client-cert-issuers", fx.issuing + fx.root);
    await store(db, gw.ppr, "thales-client-ca", fx.root);
    const csr = must(
      await registerCsr(db, seedActor, {
        environmentId: gw.ppr,
        pem: fx.clientCsr,
        origin: "registered",
      }),
      "CSR",
    ).csr;
    const good = must(await importCertificate(db, seedActor, gw.ppr, fx.good), "import");
    must(await importCertificate(db, seedActor, gw.ppr, fx.oneYear), "import one-year");

    // CSR statuses.
    const submitted = await db.csr.create({
      data: csrRow(gw.prd, "key-submitted", "TLSMA-ECDSA/MGW_000001/PRD"),
    });
    must(
      await markCsrSubmitted(db, seedActor, submitted.id, {
        submittedAt: "2026-01-15",
        submittedTo: "Thales rep",
        reference: "CASE-42",
      }),
      "submit",
    );
    const cancelled = await db.csr.create({
      data: csrRow(gw.prd, "key-cancelled", "TLSMA-ECDSA/MGW_000001/PRD"),
    });
    must(await cancelCsr(db, seedActor, cancelled.id, "wrong OU; made again"), "cancel");

    // A completed renewal (the old certificate superseded by the new one), and an open one.
    const old = await insertCertificate(db, gw2.ppr, new Date(now.getTime() + 20 * DAY), {
      commonName: '=HYPERLINK("http://evil")',
    });
    const renewal = must(await startRenewal(db, seedActor, old.id), "renewal");
    const renewalCsr = await db.csr.create({
      data: csrRow(gw2.ppr, "key-renewal", "TLSMA-ECDSA/MGW_000002/PPR"),
    });
    must(await linkRenewalCsr(db, seedActor, renewal.id, renewalCsr.id), "renewal csr");
    must(
      await markRenewalSubmitted(db, seedActor, renewal.id, {
        submittedAt: "2026-02-01",
        reference: "CASE-43",
      }),
      "renewal submit",
    );
    const next = await insertCertificate(db, gw2.ppr, new Date(now.getTime() + 5 * 365 * DAY));
    await db.certificate.update({
      where: { id: next.id },
      data: { csrId: renewalCsr.id, publicKeySha256: "key-renewal" },
    });
    must(await linkImportedCertificate(db, seedActor, next.id, renewalCsr.id), "renewal import");
    must(
      await confirmDeployed(db, seedActor, renewal.id, {
        deployedAt: "2026-02-10",
        note: "lb-1, lb-2",
      }),
      "deploy",
    );
    must(await retireOld(db, seedActor, renewal.id), "retire");
    const soon = await insertCertificate(db, gw.prd, new Date(now.getTime() + 10 * DAY), {
      commonName: "TLSMA-ECDSA/MGW_000001/PRD",
    });
    must(await startRenewal(db, seedActor, soon.id), "open renewal");
    const revoked = await insertCertificate(db, gw2.prd, new Date(now.getTime() + 400 * DAY));
    must(await revokeCertificate(db, seedActor, revoked.id, "key compromised"), "revoke");

    // Reminders: a sweep makes webhook (failing once: a retry) and in-app deliveries, attempts and
    // notifications; then an acknowledgement and a snooze.
    await runSweep(db, { now, config: { smtp: null, appUrl: "https://certs.example.com" } });
    must(
      await acknowledge(db, seedActor, { certificateId: soon.id, subject: "expiry" }, now),
      "ack",
    );
    must(
      await snooze(
        db,
        seedActor,
        {
          certificateId: soon.id,
          subject: "start-renewal-by",
          until: new Date(now.getTime() + 7 * DAY),
          reason: "waiting for Thales",
        },
        now,
      ),
      "snooze",
    );
    await db.notification.updateMany({ where: { userId: bob.id }, data: { readAt: now } });
    must(await createCalendarFeed(db, seedActor, alice.id), "calendar feed");

    // Issue 6 tables, inserted directly.
    const caDer = new Uint8Array([0x30, 0x82, 0x00, 0x00, 0xff, 0x5c]);
    await db.clientCaChange.create({
      data: {
        environmentId: gw.ppr,
        der: caDer,
        sha256: "ab".repeat(32),
        subjectDn: "CN=Thales Client CA 2",
        issuerDn: "CN=Thales Root",
        notBefore: now,
        notAfter: new Date(now.getTime() + 3650 * DAY),
        source: "notice",
        receivedAt: now,
        effectiveAt: null,
        replacesSha256: "cd".repeat(32),
        notes: "line 1\nline 2",
        createdByLabel: "seed",
      },
    });
    await db.serverChainChange.create({
      data: {
        environmentId: gw.prd,
        chainPem: fx.root,
        summary: { certificates: [{ subject: "CN=x" }], mozilla: false },
        plannedAt: now,
        status: "notified",
        notifiedAt: now,
        notifiedBy: "ops@example.com",
        notes: "",
        createdByLabel: "seed",
      },
    });
    await db.checklistTick.create({
      data: {
        environmentId: gw.ppr,
        item: "oauth-key-onboarded",
        note: "done with Thales on the call",
        doneOn: now,
        tickedById: alice.id,
        tickedByLabel: alice.email,
      },
    });
    const target = await db.probeTarget.create({
      data: {
        environmentId: gw.prd,
        direction: "inbound",
        host: "api.d1.thalescloud.io",
        port: 443,
        daily: true,
        createdByLabel: "seed",
      },
    });
    await db.probeResult.create({
      data: {
        targetId: target.id,
        ok: true,
        durationMs: 123,
        result: { tls: "TLSv1.3", chain: ["a", "b"], nested: { n: 1.5, t: true, z: null } },
      },
    });
    await db.probeResult.create({
      data: { targetId: target.id, ok: false, durationMs: 5, result: "plain JSON string" },
    });
    const signingKey = await db.signingKey.create({
      data: {
        environmentId: gw.ppr,
        publicKeyPem: "-----BEGIN PUBLIC KEY-----\nMFk\n-----END PUBLIC KEY-----\n",
        jwk: { kty: "EC", crv: "P-256", x: "x", y: "y" },
        thumbprint: "thumb-1",
        createdByLabel: "seed",
      },
    });

    // Issue 17 tables, inserted directly.
    await db.installation.create({
      data: {
        environmentId: gw.ppr,
        certificateId: good.id,
        kind: "java_keystore",
        systemName: "payments-api",
        host: "pay-1.internal",
        location: "/etc/pay/d1.jks",
        notes: "alias d1",
        custodianId: alice.id,
        createdByLabel: "seed",
      },
    });
    await db.installation.create({
      data: {
        environmentId: gw.ppr,
        signingKeyId: signingKey.id,
        kind: "pkcs11",
        systemName: "hsm",
        location: "token d1/label oauth",
        createdByLabel: "seed",
      },
    });
    await db.installation.create({
      data: {
        environmentId: gw.prd,
        probeTargetId: target.id,
        kind: "host_port",
        systemName: "edge",
        host: "d1.example.com",
        port: 443,
        createdByLabel: "seed",
      },
    });
    await db.environmentCustodian.create({
      data: { environmentId: gw.ppr, userId: bob.id, assignedBy: "seed", acknowledgedAt: now },
    });
    await db.inventoryReview.create({
      data: {
        environmentId: null,
        reviewedOn: new Date(Date.UTC(2026, 10, 30)),
        reviewerId: alice.id,
        reviewerLabel: alice.email,
        notes: "TLS 1.2+ only",
        changes: "none",
      },
    });
    // Issue 17: a finding's email delivery (the reminder targets beside certificates, ADR 0023).
    await db.reminderDelivery.create({
      data: {
        targetKind: "finding",
        targetKey: `${gw.ppr}:seed-finding`,
        environmentId: gw.ppr,
        content: JSON.stringify({
          severity: "warning",
          title: "Seed finding",
          detail: "line 1\nline 2",
          link: "/gateways/MGW_000001/PPR/custody",
        }),
        subject: "finding",
        threshold: "once",
        channel: "email",
        status: "sent",
        attempts: 1,
        sentAt: now,
      },
    });

    return {
      alice,
      bob,
      gw,
      gw2,
      csr,
      goodId: good.id,
      oldId: old.id,
      nextId: next.id,
      renewalId: renewal.id,
    };
  } finally {
    await hook.close();
  }
}
