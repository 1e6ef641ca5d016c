/**
 * Where to go after signing in (`?next=`, an SSO callbackURL): only a path on this site.
 * Anything a browser could read as another host falls back to the overview: `//evil`, `/\evil`
 * (browsers treat `\` as `/`), `/%09/evil` (tabs and newlines are dropped when a URL is parsed),
 * absolute URLs (`https:`, `javascript:`), and control characters. Used on server and client.
 */
export const DEFAULT_NEXT = "/";
const BASE = "http://next.invalid";
const MAX_LENGTH = 2048;

export function safeNextPath(raw: unknown): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_LENGTH) return DEFAULT_NEXT;
  // Checked on the decoded text too: a page may decode the path once more before following it.
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return DEFAULT_NEXT;
  }
  for (const value of [raw, decoded]) {
    if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\"))
      return DEFAULT_NEXT;
    // C0 controls, DEL and C1 controls: URL parsers strip or reinterpret them.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
    if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return DEFAULT_NEXT;
  }
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return DEFAULT_NEXT;
  }
  if (url.origin !== BASE) return DEFAULT_NEXT;
  return `${url.pathname}${url.search}${url.hash}`;
}
