/** What a reminder is about: the date by which the renewal must start, or the expiry itself. */
export const REMINDER_SUBJECTS = ["start-renewal-by", "expiry"] as const;
export type ReminderSubject = (typeof REMINDER_SUBJECTS)[number];

export const CHANNELS = ["email", "webhook", "in-app"] as const;
export type Channel = (typeof CHANNELS)[number];

/** The page of a certificate, relative to the app's URL. */
export function certificatePath(
  merchantGatewayId: string,
  environmentCode: string,
  certificateId: string,
): string {
  return `/gateways/${encodeURIComponent(merchantGatewayId)}/${environmentCode}/certificates/${certificateId}`;
}
