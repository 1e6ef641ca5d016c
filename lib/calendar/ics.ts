/**
 * A small RFC 5545 writer: just what a feed of all-day events needs. Lines end in CRLF and are
 * folded at 75 octets (never inside a UTF-8 character); TEXT values are escaped (§3.3.11).
 */
import { isoDay } from "@/lib/dates";
export type AllDayEvent = {
  /** Stable across feeds, so that calendar apps update an event instead of adding another. */
  uid: string;
  /** The day, YYYY-MM-DD. */
  day: string;
  summary: string;
  description: string;
  url?: string;
  categories?: string[];
};

const encoder = new TextEncoder();

/** Escapes a TEXT value: backslash, semicolon, comma and newlines. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** Folds one content line: at most 75 octets per physical line, continuations start with a space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = parts.length === 0 ? 75 : 74; // a continuation's leading space counts
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

const basicDate = (day: string) => day.replace(/-/g, "");
const nextDay = (day: string) => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000));
/** UTC date-time in the basic format, e.g. 20260101T093000Z. */
export const utcStamp = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

export function buildCalendar(options: { name: string; events: AllDayEvent[]; now: Date }): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//D1 mTLS dashboard//Certificate dates//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(options.name)}`,
    "X-PUBLISHED-TTL:PT1H",
    "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
  ];
  const stamp = utcStamp(options.now);
  for (const event of options.events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${event.uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${basicDate(event.day)}`,
      `DTEND;VALUE=DATE:${basicDate(nextDay(event.day))}`,
      `SUMMARY:${escapeText(event.summary)}`,
      `DESCRIPTION:${escapeText(event.description)}`,
      ...(event.url ? [`URL:${event.url}`] : []),
      ...(event.categories?.length
        ? [`CATEGORIES:${event.categories.map(escapeText).join(",")}`]
        : []),
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}
