import "server-only";
import type { Db } from "@/lib/db/client";
import { daysLeft, startRenewalBy } from "@/lib/renewal/dates";
import { inServiceWhere } from "@/lib/reminder/in-service";
import { certificatePath } from "@/lib/reminder/subjects";
import { effectiveLeadDays } from "@/lib/renewal/dates";
import { buildCalendar, type AllDayEvent } from "./ics";
import { isoDay } from "@/lib/dates";

/**
 * Start-renewal-by and expiry of every client certificate in service, as all-day events on
 * their UTC day (the day the reminders count in). Every role sees every certificate, so
 * everyone's feed is the same.
 */
export async function certificateCalendar(
  db: Db,
  options: { now?: Date; appUrl: string },
): Promise<string> {
  const now = options.now ?? new Date();
  const certificates = await db.certificate.findMany({
    where: inServiceWhere,
    orderBy: [{ notAfter: "asc" }, { id: "asc" }],
    select: {
      id: true,
      commonName: true,
      serialNumber: true,
      notAfter: true,
      environment: {
        select: {
          code: true,
          renewalLeadDaysOverride: true,
          gateway: { select: { merchantGatewayId: true, name: true, renewalLeadDays: true } },
        },
      },
    },
  });
  const events: AllDayEvent[] = [];
  for (const cert of certificates) {
    const { gateway, code } = cert.environment;
    const lead = effectiveLeadDays(cert.environment, gateway);
    const srb = startRenewalBy(cert.notAfter, lead);
    const url = `${options.appUrl}${certificatePath(gateway.merchantGatewayId, code, cert.id)}`;
    const where = `${gateway.name} (${gateway.merchantGatewayId}), ${code}`;
    const facts = `Certificate: ${cert.commonName}\nSerial: ${cert.serialNumber}\nGateway: ${where}\nExpires: ${cert.notAfter.toISOString()}`;
    events.push(
      {
        uid: `${cert.id}-start-renewal-by@d1-dashboard`,
        day: isoDay(srb),
        summary: `Start renewal: ${cert.commonName} (${gateway.merchantGatewayId} ${code})`,
        description: `Start the renewal of this client certificate by today (${lead} days before expiry; Thales signs by hand). ${daysLeft(cert.notAfter, now)} days left at ${isoDay(now)}.\n${facts}\n${url}`,
        url,
        categories: ["D1", "start-renewal-by"],
      },
      {
        uid: `${cert.id}-expiry@d1-dashboard`,
        day: isoDay(cert.notAfter),
        summary: `Expires: ${cert.commonName} (${gateway.merchantGatewayId} ${code})`,
        description: `This client certificate expires today; D1 refuses it afterwards.\n${facts}\n${url}`,
        url,
        categories: ["D1", "expiry"],
      },
    );
  }
  return buildCalendar({ name: "D1 client certificates", events, now });
}

export const CALENDAR_HEADERS = {
  "content-type": "text/calendar; charset=utf-8",
  "content-disposition": 'inline; filename="d1-certificates.ics"',
  // The feed is per user (secret URL), so shared caches must not keep it.
  "cache-control": "private, max-age=300",
};
