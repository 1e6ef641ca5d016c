import "server-only";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { appendAudit } from "@/lib/audit/append";
import { prefillD1ServerRoots } from "@/lib/trust-store/prefill";
import type { Actor } from "@/lib/auth/actor";
import { describeWebhookUrl } from "@/lib/reminder/webhook/url";
import type { CreateGatewayInput, GatewaySettingsInput } from "./schema";

export type MutationResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      code: "duplicate" | "not_found" | "stale" | "forbidden";
      message: string;
      field?: string;
    };

const withEnvironments = {
  environments: { select: { id: true, code: true }, orderBy: { code: "asc" } },
} as const;

/** A gateway comes with its two environments, PPR and PRD, and one audit record. */
export async function createGateway(db: Db, actor: Actor, input: CreateGatewayInput) {
  try {
    const gateway = await db.$transaction(async (tx) => {
      const created = await tx.gateway.create({
        data: {
          merchantGatewayId: input.merchantGatewayId,
          name: input.name,
          ...(input.cnTemplate ? { cnTemplate: input.cnTemplate } : {}),
          environments: { create: [{ code: "PPR" }, { code: "PRD" }] },
        },
        include: withEnvironments,
      });
      const roots = await prefillD1ServerRoots(
        tx,
        actor,
        created.environments.map((e) => e.id),
      );
      await appendAudit(tx, actor, {
        action: "gateway.create",
        objectType: "gateway",
        objectId: created.id,
        gatewayId: created.id,
        summary: {
          merchantGatewayId: created.merchantGatewayId,
          name: created.name,
          cnTemplate: created.cnTemplate,
          prefilled: { "d1-server-roots": roots },
        },
      });
      return created;
    });
    return { ok: true, value: gateway } as const;
  } catch (error) {
    if (isUniqueViolation(error)) {
      return {
        ok: false,
        code: "duplicate",
        field: "merchantGatewayId",
        message: `A gateway with merchantGatewayId ${input.merchantGatewayId} already exists.`,
      } as const;
    }
    throw error;
  }
}

/** The webhook URL is a secret: the audit trail keeps its origin and a hash that shows it changed. */
function auditedChange(key: string, from: unknown, to: unknown) {
  if (key !== "webhookUrl") return { from, to };
  return {
    from: describeWebhookUrl(from as string | null),
    to: describeWebhookUrl(to as string | null),
  };
}

/** Saves settings only if nobody saved since the form was loaded (optimistic concurrency). */
export async function updateGatewaySettings(
  db: Db,
  actor: Actor,
  gatewayId: string,
  input: GatewaySettingsInput,
): Promise<MutationResult<{ version: number }>> {
  return db.$transaction(async (tx) => {
    const before = await tx.gateway.findUnique({ where: { id: gatewayId } });
    if (!before) return { ok: false, code: "not_found", message: "This gateway no longer exists." };
    const { version, ...changes } = input;
    const updated = await tx.gateway.updateMany({
      where: { id: gatewayId, version },
      data: { ...changes, version: { increment: 1 } },
    });
    if (updated.count === 0) {
      return {
        ok: false,
        code: "stale",
        message: "Someone else saved these settings meanwhile. Reload to see their change.",
      };
    }
    const changed = Object.fromEntries(
      Object.entries(changes)
        // JSON comparison: list settings (thresholds, recipients) are arrays.
        .filter(
          ([key, value]) =>
            value !== undefined &&
            JSON.stringify((before as Record<string, unknown>)[key]) !==
              JSON.stringify(value ?? null),
        )
        .map(([key, value]) => [
          key,
          auditedChange(key, (before as Record<string, unknown>)[key], value ?? null),
        ]),
    );
    await appendAudit(tx, actor, {
      action: "gateway.settings.update",
      objectType: "gateway",
      objectId: gatewayId,
      gatewayId,
      summary: { merchantGatewayId: before.merchantGatewayId, changed },
    });
    return { ok: true, value: { version: version + 1 } };
  });
}

export type WebhookSetting = { url: string | null; format?: "slack" | "teams" };

/** Sets (or with null removes) the gateway's webhook; audited with the URL's origin and hash only. */
export async function setGatewayWebhook(
  db: Db,
  actor: Actor,
  gatewayId: string,
  input: WebhookSetting,
): Promise<MutationResult<{ changed: boolean }>> {
  return db.$transaction(async (tx) => {
    const before = await tx.gateway.findUnique({
      where: { id: gatewayId },
      select: { merchantGatewayId: true, webhookUrl: true, webhookFormat: true },
    });
    if (!before) return { ok: false, code: "not_found", message: "This gateway no longer exists." };
    const format = input.format ?? before.webhookFormat;
    if (before.webhookUrl === input.url && before.webhookFormat === format)
      return { ok: true, value: { changed: false } };
    await tx.gateway.update({
      where: { id: gatewayId },
      data: { webhookUrl: input.url, webhookFormat: format, version: { increment: 1 } },
    });
    const changed: Record<string, unknown> = {};
    if (before.webhookUrl !== input.url)
      changed.webhookUrl = auditedChange("webhookUrl", before.webhookUrl, input.url);
    if (before.webhookFormat !== format)
      changed.webhookFormat = { from: before.webhookFormat, to: format };
    await appendAudit(tx, actor, {
      action: "gateway.settings.update",
      objectType: "gateway",
      objectId: gatewayId,
      gatewayId,
      summary: { merchantGatewayId: before.merchantGatewayId, changed },
    });
    return { ok: true, value: { changed: true } };
  });
}
