import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";

const subject = z.enum(["start-renewal-by", "expiry"]);
/** A certificate's reminder state (toReminderStateDto in ./dto.ts returns exactly this). */
export const reminderStateDto = z
  .object({
    certificateId: z.string(),
    subject: subject,
    acknowledgedAt: z.iso.datetime().nullable(),
    acknowledgedBy: z.string().nullable(),
    snoozedUntil: z.iso.datetime().nullable(),
    snoozeReason: z.string().nullable(),
  })
  .meta({ id: "ReminderState" });
export type ReminderStateDto = z.infer<typeof reminderStateDto>;
const state = reminderStateDto;

const json = (schema: object) => ({ "application/json": { schema } });
const writeErrors = {
  "401": errorResponse("No valid token"),
  "403": errorResponse("Below operator"),
  "404": errorResponse("No such certificate"),
  "415": errorResponse("Not JSON"),
  "422": errorResponse("Invalid body"),
};
const attempt = z.object({
  at: z.iso.datetime().optional(),
  ok: z.boolean().optional(),
  detail: z.string().optional(),
});
const delivery = z.object({
  id: z.string().optional(),
  subject: subject.optional(),
  threshold: z
    .string()
    .describe('e.g. "30d", or "overdue:2031-04-02" (one a UTC day once the date has passed)')
    .optional(),
  channel: z.enum(["email", "webhook", "in-app"]).optional(),
  status: z.enum(["pending", "sending", "retry", "sent", "dead", "cancelled"]).optional(),
  attempts: z.int().optional(),
  nextAttemptAt: z.iso.datetime().nullable().optional(),
  lastError: z.string().nullable().optional(),
  sentAt: z.iso.datetime().nullable().optional(),
  createdAt: z.iso.datetime().optional(),
  target: z
    .object({
      kind: z.enum(["certificate", "trust-store-entry", "finding", "review"]).optional(),
      key: z.string().optional(),
      environmentId: z.string().nullable().optional(),
    })
    .describe(
      "What the reminder is about: kind certificate, trust-store-entry, finding or review; key: its id (a finding: <environmentId>:<finding key>)",
    )
    .optional(),
  certificate: z
    .object({
      id: z.string().optional(),
      commonName: z.string().optional(),
      serialNumber: z.string().optional(),
      notAfter: z.iso.datetime().optional(),
      merchantGatewayId: z.string().optional(),
      environmentCode: z.string().optional(),
    })
    .nullable()
    .describe("Null unless the target is a certificate")
    .optional(),
  log: z.array(attempt).optional(),
});
/** An in-app notification (toNotificationDto in ./dto.ts returns exactly this). */
export const notificationDto = z
  .object({
    id: z.string(),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    createdAt: z.iso.datetime(),
    readAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "Notification" });
export type NotificationDto = z.infer<typeof notificationDto>;
const notification = notificationDto;

const query = (name: string, schema: z.ZodType, description: string) => ({
  name,
  in: "query",
  schema,
  description,
});

export function reminderPaths() {
  return {
    "/api/v1/reminders/ack": {
      post: {
        summary:
          "Acknowledge a certificate's reminders about one subject (operator): no more of them. Audited",
        requestBody: {
          required: true,
          content: json(z.object({ certificateId: z.string(), subject: subject })),
        },
        responses: {
          "200": { description: "The reminder state", content: json(state) },
          ...writeErrors,
        },
      },
    },
    "/api/v1/reminders/snooze": {
      post: {
        summary:
          "Snooze a certificate's reminders about one subject until a date, at most 365 days (operator). Audited",
        requestBody: {
          required: true,
          content: json(
            z.object({
              certificateId: z.string(),
              subject: subject,
              until: z.string().describe("YYYY-MM-DD (start of that UTC day) or an ISO date-time"),
              reason: z.string().max(500),
            }),
          ),
        },
        responses: {
          "200": { description: "The reminder state", content: json(state) },
          ...writeErrors,
        },
      },
    },
    "/api/v1/reminders/deliveries": {
      get: {
        summary: "The reminder delivery log, newest first, with every attempt",
        parameters: [
          query("certificateId", z.string(), "Only this certificate"),
          query("status", delivery.shape.status, "Only this status"),
          query("channel", delivery.shape.channel, "Only this channel"),
          query("limit", z.int().min(1).max(500), "Page size (100)"),
          query("after", z.string(), "nextAfter of the previous page"),
        ],
        responses: {
          "200": {
            description: "A page of deliveries",
            content: json(
              z.object({
                deliveries: z.array(delivery).optional(),
                nextAfter: z.string().nullable().optional(),
              }),
            ),
          },
          "401": errorResponse("No valid token"),
          "422": errorResponse("Invalid query"),
        },
      },
    },
    "/api/v1/notifications": {
      get: {
        summary: "In-app notifications of the user who made the token (none for a CLI-made token)",
        parameters: [
          query("unread", z.enum(["1", "0", "true", "false"]), "Only unread ones"),
          query("limit", z.int().min(1).max(200), "At most (50): the page size"),
          query("page", z.int().min(1).max(1_000_000), "Which page, newest first (1)"),
        ],
        responses: {
          "200": {
            description: "The notifications",
            content: json(
              z.object({
                userId: z.string().nullable().optional(),
                unread: z.int().optional(),
                total: z.int().optional(),
                notifications: z.array(notification).optional(),
              }),
            ),
          },
          "401": errorResponse("No valid token"),
          "422": errorResponse("Invalid query"),
        },
      },
    },
  };
}

const bulkItems = z
  .array(z.object({ certificateId: z.string(), subject: subject }))
  .min(1)
  .max(200)
  .describe("Each (certificate, subject) pair once");
const bulkErrors = {
  "400": errorResponse("Malformed JSON"),
  ...writeErrors,
  "404": errorResponse(
    "A certificate does not exist: error.fields names items.N.certificateId; nothing was changed",
  ),
  "422": errorResponse(
    "invalid_body: empty, over 200 or repeated items, a bad subject, until or reason (error.fields names each); invalid: until in the past or over 365 days ahead",
  ),
};

/** Bulk acknowledgement and snooze (operator), and a sweep started by hand (admin). */
export function reminderActionPaths() {
  return {
    "/api/v1/reminders/ack/bulk": {
      post: {
        summary:
          "Acknowledge many reminders at once (operator): all of them in one transaction, or none when one is refused. Each is audited as from the page",
        requestBody: {
          required: true,
          content: json(z.object({ items: bulkItems })),
        },
        responses: {
          "200": {
            description: "The reminder states, in the order sent",
            content: json(z.object({ states: z.array(state).optional() })),
          },
          ...bulkErrors,
        },
      },
    },
    "/api/v1/reminders/snooze/bulk": {
      post: {
        summary:
          "Snooze many reminders until one date with one reason (operator): all or none. Each is audited",
        requestBody: {
          required: true,
          content: json(
            z.object({
              items: bulkItems,
              until: z
                .string()
                .describe(
                  "YYYY-MM-DD (start of that UTC day) or an ISO date-time; at most 365 days ahead",
                ),
              reason: z.string().max(500),
            }),
          ),
        },
        responses: {
          "200": {
            description: "The reminder states, in the order sent",
            content: json(z.object({ states: z.array(state).optional() })),
          },
          ...bulkErrors,
        },
      },
    },
    "/api/v1/reminders/sweep": {
      post: {
        summary:
          "Run one reminder sweep now (admin), as `npm run admin -- reminders run --now`; audited with its counts. Safe beside the scheduler and other instances. Send no body",
        responses: {
          "200": {
            description: "What the sweep did",
            content: json(
              z.object({
                at: z.iso.datetime().optional(),
                due: z.int().optional(),
                more: z
                  .boolean()
                  .describe("More was due than one sweep handles: run another")
                  .optional(),
                created: z.int().optional(),
                cancelled: z.int().optional(),
                findings: z.int().optional(),
                sent: z.int().optional(),
                retrying: z.int().optional(),
                dead: z.int().optional(),
                description: z.string().optional(),
                outcomes: z
                  .array(
                    z.object({
                      id: z.string().optional(),
                      channel: z.string().optional(),
                      targetKind: z.string().optional(),
                      targetKey: z.string().optional(),
                      certificateId: z.string().nullable().optional(),
                      subject: subject.optional(),
                      threshold: z.string().optional(),
                      status: z.enum(["sent", "retry", "dead"]).optional(),
                      detail: z.string().optional(),
                    }),
                  )
                  .optional(),
              }),
            ),
          },
          "401": errorResponse("No valid token"),
          "403": errorResponse("Below admin"),
          "415": errorResponse("A body that is not JSON"),
          "422": errorResponse("A body with parameters (there are none)"),
        },
      },
    },
  };
}
