import "server-only";
import { db as database, type Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { versionedCache } from "@/lib/cache/versioned";
import { describeWebhookUrl, isWebhookFormat } from "@/lib/reminder/webhook/url";

export const ENVIRONMENT_CODES = ["PPR", "PRD"] as const;
export type EnvironmentCode = (typeof ENVIRONMENT_CODES)[number];

// The webhook URL holds its receiver's secret: gateway reads leave it out unless asked for by name.
const NO_WEBHOOK_URL = { webhookUrl: true } as const;

export function listGateways(db: Db) {
  return db.gateway.findMany({
    omit: NO_WEBHOOK_URL,
    orderBy: { merchantGatewayId: "asc" },
    include: { environments: { select: { id: true, code: true }, orderBy: { code: "asc" } } },
  });
}

/** The gateways of the navigation, on every signed-in page: cached until a gateway changes. */
export const navigationGateways = versionedCache(
  (db) =>
    db.gateway.findMany({
      orderBy: { merchantGatewayId: "asc" },
      select: { merchantGatewayId: true, name: true },
    }),
  { tables: ["gateway"] },
);

export function findGatewayByMerchantId(db: Db, merchantGatewayId: string) {
  return db.gateway.findUnique({
    where: { merchantGatewayId },
    omit: NO_WEBHOOK_URL,
    include: { environments: { select: { id: true, code: true }, orderBy: { code: "asc" } } },
  });
}

/** The API names a gateway by its id or by its merchantGatewayId (10 characters; ids are longer). */
export function findGatewayByIdOrMerchantId(db: Db, idOrMerchantId: string) {
  return db.gateway.findFirst({
    where: { OR: [{ id: idOrMerchantId }, { merchantGatewayId: idOrMerchantId }] },
    omit: NO_WEBHOOK_URL,
    include: { environments: { select: { id: true, code: true }, orderBy: { code: "asc" } } },
  });
}

export function isEnvironmentCode(value: string): value is EnvironmentCode {
  return (ENVIRONMENT_CODES as readonly string[]).includes(value);
}

/** The gateway's webhook: the URL for admins, only its origin for everyone else. */
export async function gatewayWebhook(db: Db, gatewayId: string, role: string) {
  const row = await db.gateway.findUniqueOrThrow({
    where: { id: gatewayId },
    select: { webhookUrl: true, webhookFormat: true },
  });
  const shown = describeWebhookUrl(row.webhookUrl);
  return {
    url: role === "admin" ? row.webhookUrl : null,
    origin: shown?.origin ?? null,
    format: isWebhookFormat(row.webhookFormat) ? row.webhookFormat : "slack",
  };
}

/** The gateway's settings as the settings form shows them; the webhook URL (a secret) only to admins. */
export async function gatewaySettings(db: Db, id: string, actor: Actor) {
  const g = await db.gateway.findUnique({
    where: { id },
    include: { environments: { select: { id: true, code: true }, orderBy: { code: "asc" } } },
  });
  if (!g) return null;
  return {
    id: g.id,
    merchantGatewayId: g.merchantGatewayId,
    name: g.name,
    version: g.version,
    subjectCountry: g.subjectCountry,
    subjectState: g.subjectState,
    subjectLocality: g.subjectLocality,
    subjectOrg: g.subjectOrg,
    subjectOrgUnit: g.subjectOrgUnit,
    cnTemplate: g.cnTemplate,
    renewalLeadDays: g.renewalLeadDays,
    keyRotationDays: g.keyRotationDays,
    reminderThresholds: g.reminderThresholds,
    reminderEmails: g.reminderEmails,
    webhookConfigured: g.webhookUrl !== null,
    ...(actor.role === "admin" ? { webhookUrl: g.webhookUrl } : {}),
    environments: g.environments,
  };
}

/** The gateways page: every gateway with its environments. */
export async function gatewaysPageData() {
  return listGateways(await database());
}

/** The gateways of the navigation, for the signed-in layout. */
export async function navigationGatewaysData() {
  return navigationGateways(await database());
}

/** A gateway's settings page: the gateway and its webhook as this role may see it, or null. */
export async function gatewayPageData(merchantGatewayId: string, role: string) {
  const prisma = await database();
  const gateway = await findGatewayByMerchantId(prisma, merchantGatewayId);
  if (!gateway) return null;
  return { gateway, webhook: await gatewayWebhook(prisma, gateway.id, role) };
}
