// Security headers for every page and API response. See docs/decisions/0006-security-headers.md.
// No Next.js or Node-only imports: proxy.ts, the unit tests and the e2e specs all use this file.

/** Browser features this app never uses: denied to the app and to anything it could embed. */
export const DENIED_FEATURES = [
  "accelerometer",
  "autoplay",
  "browsing-topics",
  "camera",
  "display-capture",
  "encrypted-media",
  "geolocation",
  "gyroscope",
  "hid",
  "idle-detection",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "picture-in-picture",
  "publickey-credentials-get",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
] as const;

export const PERMISSIONS_POLICY = DENIED_FEATURES.map((feature) => `${feature}=()`).join(", ");

/** Two years, the usual preload threshold. Sent only on HTTPS (browsers ignore it on http anyway). */
export const HSTS = "max-age=63072000; includeSubDomains";

/** Headers that do not depend on the request. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  // Not "no-referrer": with it, a same-origin form POST made before hydration carries
  // `Origin: null`, which Next's server-action origin check refuses (ADR 0006).
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": PERMISSIONS_POLICY,
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** 128 random bits, base64: a fresh one for every request. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export type CspOptions = {
  /** `next dev` needs eval (React's server error stacks) and un-nonced dev-overlay styles. */
  dev?: boolean;
  /** Over HTTPS, also upgrade any stray http:// sub-resource. */
  https?: boolean;
};

/**
 * The Content-Security-Policy. Next.js reads the nonce back from this header (on the request)
 * and puts it on its own inline and bundle scripts; 'strict-dynamic' lets those load the
 * chunks they import. blob: and data: are allowed as images only; the key download is an
 * <a download href="blob:…"> navigation, which no fetch directive governs.
 */
export function contentSecurityPolicy(
  nonce: string,
  { dev = false, https = false }: CspOptions = {},
): string {
  if (!/^[A-Za-z0-9+/=]+$/.test(nonce)) throw new Error("A CSP nonce must be base64.");
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    [
      "script-src",
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...(dev ? ["'unsafe-eval'"] : []),
    ],
    // Production: Tailwind's CSS is a file ('self'), and Next puts the nonce on any <style> it
    // emits; no style="" attribute is rendered. Dev: the error overlay injects un-nonced styles.
    ["style-src", "'self'", ...(dev ? ["'unsafe-inline'"] : [`'nonce-${nonce}'`])],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'"],
    ["frame-src", "'none'"],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
    ...(https ? ([["upgrade-insecure-requests"]] as [string][]) : []),
  ];
  return directives.map((d) => d.join(" ")).join("; ");
}

/**
 * Whether the request reached us over HTTPS: directly, through a proxy that says so in
 * X-Forwarded-Proto (first hop), or because the app's public URL is https.
 */
export function cameOverHttps(input: {
  forwardedProto?: string | null;
  protocol?: string | null;
  appUrl?: string | null;
}): boolean {
  const forwarded = input.forwardedProto?.split(",")[0]?.trim().toLowerCase();
  return (
    forwarded === "https" ||
    input.protocol === "https:" ||
    (input.appUrl ?? "").toLowerCase().startsWith("https://")
  );
}

/** Every security header of a response, CSP included; HSTS only over HTTPS. */
export function securityHeaders(nonce: string, options: CspOptions = {}): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce, options),
    ...STATIC_SECURITY_HEADERS,
    ...(options.https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}
