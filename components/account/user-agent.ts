const BROWSERS: [RegExp, string][] = [
  [/Edg\/(\d+)/, "Edge"],
  [/OPR\/(\d+)/, "Opera"],
  [/Firefox\/(\d+)/, "Firefox"],
  [/HeadlessChrome\/(\d+)/, "Headless Chrome"],
  [/(?:Chrome|Chromium)\/(\d+)/, "Chrome"],
  [/Version\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//, "Safari"],
  [/^curl\/([\d.]+)/, "curl"],
];
const SYSTEMS: [RegExp, string][] = [
  [/Windows NT/, "Windows"],
  [/iPhone|iPad/, "iOS"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Android/, "Android"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

/** A short "Browser 123 on OS" for a User-Agent header (the full header goes in a tooltip). */
export function describeUserAgent(ua: string | null): string {
  if (!ua) return "Unknown device";
  const browser = BROWSERS.map(([re, name]) => [re.exec(ua)?.[1], name] as const).find(
    ([version]) => version,
  );
  const os = SYSTEMS.find(([re]) => re.test(ua))?.[1];
  const b = browser ? `${browser[1]} ${browser[0]}` : null;
  if (b && os) return `${b} on ${os}`;
  return b ?? os ?? (ua.length > 40 ? `${ua.slice(0, 40)}…` : ua);
}
