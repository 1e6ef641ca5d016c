import "server-only";
import { db as database, type Db } from "@/lib/db/client";
import { bellCount, notificationPage } from "./notifications";

export const DELIVERY_STATUSES = [
  "pending",
  "sending",
  "retry",
  "sent",
  "dead",
  "cancelled",
] as const;
export type DeliveryFilter = {
  certificateId?: string;
  status?: (typeof DELIVERY_STATUSES)[number];
  channel?: string;
  limit?: number /** The last id of the previous page. */;
  after?: string;
};

/** The delivery log, newest first, each delivery with its attempts and its certificate. */
export async function listDeliveries(db: Db, filter: DeliveryFilter = {}) {
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 500);
  const rows = await db.reminderDelivery.findMany({
    where: { certificateId: filter.certificateId, status: filter.status, channel: filter.channel },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    // A sweep creates many rows with one createdAt: page by row (cursor), not by time.
    ...(filter.after ? { cursor: { id: filter.after }, skip: 1 } : {}),
    take: limit,
    include: {
      log: { orderBy: { at: "asc" }, select: { at: true, ok: true, detail: true } },
      certificate: {
        select: {
          id: true,
          commonName: true,
          serialNumber: true,
          notAfter: true,
          environment: { select: { code: true, gateway: { select: { merchantGatewayId: true } } } },
        },
      },
    },
  });
  return {
    deliveries: rows.map((d) => ({
      id: d.id,
      subject: d.subject,
      threshold: d.threshold,
      channel: d.channel,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: ["pending", "retry"].includes(d.status) ? d.nextAttemptAt.toISOString() : null,
      lastError: d.lastError,
      sentAt: d.sentAt?.toISOString() ?? null,
      createdAt: d.createdAt.toISOString(),
      // What it is about (ADR 0023): a certificate (then `certificate` is set, as always), a
      // trust-store entry, a finding or the yearly review.
      target: { kind: d.targetKind, key: d.targetKey, environmentId: d.environmentId },
      certificate: d.certificate
        ? {
            id: d.certificate.id,
            commonName: d.certificate.commonName,
            serialNumber: d.certificate.serialNumber,
            notAfter: d.certificate.notAfter.toISOString(),
            merchantGatewayId: d.certificate.environment.gateway.merchantGatewayId,
            environmentCode: d.certificate.environment.code,
          }
        : null,
      log: d.log.map((a) => ({ at: a.at.toISOString(), ok: a.ok, detail: a.detail })),
    })),
    nextAfter: rows.length === limit ? rows.at(-1)!.id : null,
  };
}

/** The notifications page: one page of the user's notifications, newest first, counted exactly. */
export async function notificationsPageData(userId: string, page: number) {
  return notificationPage(await database(), userId, page);
}

/** The bell's number on every signed-in page, up to BELL_COUNT_CAP. */
export async function bellCountOf(userId: string) {
  return bellCount(await database(), userId);
}
