// Shared by the reminder, calendar and metrics tests: gateways through the real mutation,
// certificates and users inserted directly (no X.509 needed), and real loopback peers.
import crypto from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { createGateway } from "@/lib/gateway/mutations";
import { FINDING_SOURCES } from "./findings";
import { runSweep, type SweepOptions } from "./sweep";

export const testAdmin: Actor = {
  type: "user",
  id: null,
  label: "admin@example.com",
  role: "admin",
};
export const DAY = 86_400_000;
export const at = (iso: string) => new Date(iso);
export const plusDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY);

export type GatewaySetup = {
  merchantGatewayId: string;
  reminderEmails?: string[];
  webhookUrl?: string | null;
  webhookFormat?: "slack" | "teams";
  reminderThresholds?: number[];
  renewalLeadDays?: number;
};

/** A gateway with PPR and PRD made by createGateway, then its reminder settings written directly. */
export async function seedGateway(db: Db, setup: GatewaySetup) {
  const result = await createGateway(db, testAdmin, {
    merchantGatewayId: setup.merchantGatewayId,
    name: `Gateway ${setup.merchantGatewayId}`,
  });
  if (!result.ok) throw new Error(result.message);
  await db.gateway.update({
    where: { id: result.value.id },
    data: {
      reminderEmails: setup.reminderEmails ?? [],
      webhookUrl: setup.webhookUrl ?? null,
      webhookFormat: setup.webhookFormat ?? "slack",
      reminderThresholds: setup.reminderThresholds ?? [120, 90, 60, 30, 14, 7, 3, 1],
      renewalLeadDays: setup.renewalLeadDays ?? 90,
    },
  });
  const env = (code: "PPR" | "PRD") => result.value.environments.find((e) => e.code === code)!.id;
  return { id: result.value.id, ppr: env("PPR"), prd: env("PRD") };
}

let serial = 0;
/** A certificate row with only what reminders read; der is a few dummy bytes. */
export async function insertCertificate(
  db: Db,
  environmentId: string,
  notAfter: Date,
  extra: { commonName?: string; supersededById?: string } = {},
) {
  serial += 1;
  const hex = crypto.randomBytes(8).toString("hex");
  return db.certificate.create({
    data: {
      environmentId,
      der: new Uint8Array([1, 2, 3]),
      serialNumber: `0A${hex.toUpperCase()}`, // as lib/pki/certificate.ts stores them
      subjectDn: `CN=${extra.commonName ?? `TLSMA-EC/TEST/${serial}`}`,
      subject: {},
      commonName: extra.commonName ?? `TLSMA-EC/TEST/${serial}`,
      issuerDn: "CN=Thales Test CA",
      notBefore: new Date(notAfter.getTime() - 5 * 365 * DAY),
      notAfter,
      keyType: "EC",
      curve: "P-256",
      signatureAlgorithm: "ecdsa-with-SHA256",
      sha256: crypto
        .createHash("sha256")
        .update(hex + serial)
        .digest("hex"),
      publicKeySha256: crypto.createHash("sha256").update(`k${hex}`).digest("hex"),
      compliant: true,
      checks: [],
      supersededById: extra.supersededById ?? null,
      createdByLabel: "test",
    },
  });
}

export async function insertUser(
  db: Db,
  email: string,
  role: "viewer" | "operator" | "admin" = "viewer",
) {
  return db.user.create({
    data: { id: crypto.randomUUID(), email, name: email, role, emailVerified: true },
  });
}

/**
 * Every finding source but custody's. Since custody findings are delivered, each environment of a
 * test gateway without a custodian raises "no custodian" (by email, webhook and bell) on its first
 * sweep; tests about certificate reminders sweep without that source so that their exact counts
 * stay about the certificate. The default sources, custody included, are proven in targets.test.ts.
 */
export const SOURCES_WITHOUT_CUSTODY = FINDING_SOURCES.filter((s) => s.name !== "custody");
export const sweepWithoutCustody = (db: Db, options: SweepOptions = {}) =>
  runSweep(db, { findingSources: SOURCES_WITHOUT_CUSTODY, ...options });

export {
  startFloodServer,
  startSmtpServer,
  startWebhookServer,
  mimePart,
  mailSubject,
  type ReceivedMail,
  type ReceivedHook,
} from "@/lib/testing/peers";
