/**
 * How the app writes dates: always in UTC, never in the server's or the browser's time zone,
 * so a page, an export and an email say the same day. Pure: runs on both sides.
 */

/** `2031-04-02`: the UTC calendar day (what date inputs, the API and the exports use). */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/** `2031-04-02 13:45 UTC`: an instant to the minute, as the pages show it. */
export const utcMinute = (date: Date): string =>
  `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** isoDay, or null for a date not set (the DTOs' optional days). */
export const isoDayOrNull = (date: Date | null | undefined): string | null =>
  date ? isoDay(date) : null;
