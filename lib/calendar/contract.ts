import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";

const ics = {
  description:
    "iCalendar (RFC 5545): all-day start-renewal-by and expiry events of each client certificate in service",
  content: { "text/calendar": { schema: z.string() } },
};

export function calendarPaths() {
  return {
    "/api/v1/calendar.ics": {
      get: {
        summary: "Certificate dates as an iCalendar feed",
        responses: { "200": ics, "401": errorResponse("No valid token") },
      },
    },
    "/api/calendar/{token}.ics": {
      get: {
        summary:
          "A user's calendar feed at its secret URL (made on the web; the token in the path is the credential)",
        security: [],
        parameters: [
          {
            name: "token",
            in: "path",
            required: true,
            schema: z.string().regex(/^d1c_[A-Za-z0-9_-]{43}$/),
          },
        ],
        responses: { "200": ics, "404": { description: "Unknown or revoked feed" } },
      },
    },
  };
}
