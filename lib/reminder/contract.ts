import { errorResponse } from "@/lib/openapi/helpers";

const subject = { type: "string", enum: ["start-renewal-by", "expiry"] };
const state = {
  type: "object",
  properties: {
    certificateId: { type: "string" },
    subject,
    acknowledgedAt: { type: ["string", "null"], format: "date-time" },
    acknowledgedBy: { type: ["string", "null"] },
    snoozedUntil: { type: ["string", "null"], format: "date-time" },
    snoozeReason: { type: ["string", "null"] },
  },
};
const json = (schema: object) => ({ "application/json": { schema } });
const writeErrors = {
  "401": errorResponse("No valid token"),
  "403": errorResponse("Below operator"),
  "404": errorResponse("No such certificate"),
  "415": errorResponse("Not JSON"),
  "422": errorResponse("Invalid body"),
};
const attempt = {
  type: "object",
  properties: {
    at: { type: "string", format: "date-time" },
    ok: { type: "boolean" },
    detail: { type: "string" },
  },
};
const delivery = {
  type: "object",
  properties: {
    id: { type: "string" },
    subject,
    threshold: {
      type: "string",
      description: 'e.g. "30d", or "overdue:2031-04-02" (one a UTC day once the date has passed)',
    },
    channel: { type: "string", enum: ["email", "webhook", "in-app"] },
    status: { type: "string", enum: ["pending", "sending", "retry", "sent", "dead", "cancelled"] },
    attempts: { type: "integer" },
    nextAttemptAt: { type: ["string", "null"], format: "date-time" },
    lastError: { type: ["string", "null"] },
    sentAt: { type: ["string", "null"], format: "date-time" },
    createdAt: { type: "string", format: "date-time" },
    target: {
      type: "object",
      description:
        "What the reminder is about: kind certificate, trust-store-entry, finding or review; key: its id (a finding: <environmentId>:<finding key>)",
      properties: {
        kind: { type: "string", enum: ["certificate", "trust-store-entry", "finding", "review"] },
        key: { type: "string" },
        environmentId: { type: ["string", "null"] },
      },
    },
    certificate: {
      type: ["object", "null"],
      description: "Null unless the target is a certificate",
      properties: {
        id: { type: "string" },
        commonName: { type: "string" },
        serialNumber: { type: "string" },
        notAfter: { type: "string", format: "date-time" },
        merchantGatewayId: { type: "string" },
        environmentCode: { type: "string" },
      },
    },
    log: { type: "array", items: attempt },
  },
};
const notification = {
  type: "object",
  properties: {
    id: { type: "string" },
    title: { type: "string" },
    body: { type: "string" },
    link: { type: ["string", "null"] },
    createdAt: { type: "string", format: "date-time" },
    readAt: { type: ["string", "null"], format: "date-time" },
  },
};
const query = (name: string, schema: object, description: string) => ({
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
          content: json({
            type: "object",
            required: ["certificateId", "subject"],
            properties: { certificateId: { type: "string" }, subject },
          }),
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
          content: json({
            type: "object",
            required: ["certificateId", "subject", "until", "reason"],
            properties: {
              certificateId: { type: "string" },
              subject,
              until: {
                type: "string",
                description: "YYYY-MM-DD (start of that UTC day) or an ISO date-time",
              },
              reason: { type: "string", maxLength: 500 },
            },
          }),
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
          query("certificateId", { type: "string" }, "Only this certificate"),
          query("status", delivery.properties.status, "Only this status"),
          query("channel", delivery.properties.channel, "Only this channel"),
          query("limit", { type: "integer", minimum: 1, maximum: 500 }, "Page size (100)"),
          query("after", { type: "string" }, "nextAfter of the previous page"),
        ],
        responses: {
          "200": {
            description: "A page of deliveries",
            content: json({
              type: "object",
              properties: {
                deliveries: { type: "array", items: delivery },
                nextAfter: { type: ["string", "null"] },
              },
            }),
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
          query(
            "unread",
            { type: "string", enum: ["1", "0", "true", "false"] },
            "Only unread ones",
          ),
          query("limit", { type: "integer", minimum: 1, maximum: 200 }, "At most (50)"),
        ],
        responses: {
          "200": {
            description: "The notifications",
            content: json({
              type: "object",
              properties: {
                userId: { type: ["string", "null"] },
                unread: { type: "integer" },
                notifications: { type: "array", items: notification },
              },
            }),
          },
          "401": errorResponse("No valid token"),
          "422": errorResponse("Invalid query"),
        },
      },
    },
  };
}

const bulkItems = {
  type: "array",
  minItems: 1,
  maxItems: 200,
  description: "Each (certificate, subject) pair once",
  items: {
    type: "object",
    required: ["certificateId", "subject"],
    properties: { certificateId: { type: "string" }, subject },
  },
};
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
          content: json({ type: "object", required: ["items"], properties: { items: bulkItems } }),
        },
        responses: {
          "200": {
            description: "The reminder states, in the order sent",
            content: json({
              type: "object",
              properties: { states: { type: "array", items: state } },
            }),
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
          content: json({
            type: "object",
            required: ["items", "until", "reason"],
            properties: {
              items: bulkItems,
              until: {
                type: "string",
                description:
                  "YYYY-MM-DD (start of that UTC day) or an ISO date-time; at most 365 days ahead",
              },
              reason: { type: "string", maxLength: 500 },
            },
          }),
        },
        responses: {
          "200": {
            description: "The reminder states, in the order sent",
            content: json({
              type: "object",
              properties: { states: { type: "array", items: state } },
            }),
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
            content: json({
              type: "object",
              properties: {
                at: { type: "string", format: "date-time" },
                due: { type: "integer" },
                more: {
                  type: "boolean",
                  description: "More was due than one sweep handles: run another",
                },
                created: { type: "integer" },
                cancelled: { type: "integer" },
                findings: { type: "integer" },
                sent: { type: "integer" },
                retrying: { type: "integer" },
                dead: { type: "integer" },
                description: { type: "string" },
                outcomes: {
                  type: "array",
                  items: {
                    type: "object",
                    properties: {
                      id: { type: "string" },
                      channel: { type: "string" },
                      targetKind: { type: "string" },
                      targetKey: { type: "string" },
                      certificateId: { type: ["string", "null"] },
                      subject,
                      threshold: { type: "string" },
                      status: { type: "string", enum: ["sent", "retry", "dead"] },
                      detail: { type: "string" },
                    },
                  },
                },
              },
            }),
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
