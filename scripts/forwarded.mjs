// Who the client is, for the server scripts that put Next.js on a socket (scripts/http-server.mjs,
// scripts/https-server.mjs). X-Forwarded-* and X-Real-IP are believed only from a peer listed in
// TRUSTED_PROXIES; from anyone else they are forgeries and are replaced by what the connection
// says. The app (better-auth's per-address limit, logs) then reads one X-Forwarded-For address.
import net from "node:net";

export class TrustedProxiesError extends Error {}

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is 10.0.0.1; a zone id is dropped. */
export function normalizeAddress(raw) {
  let address = String(raw ?? "").trim();
  if (address.startsWith("[") && address.includes("]"))
    address = address.slice(1, address.indexOf("]"));
  address = address.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) address = mapped[1];
  return net.isIP(address) ? address : null;
}

/**
 * TRUSTED_PROXIES: addresses or CIDR ranges, comma-separated (`10.0.0.5, 10.1.0.0/16, fd00::/8`).
 * Returns null when unset; throws TrustedProxiesError naming each entry that is neither.
 */
export function parseTrustedProxies(raw) {
  const entries = String(raw ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return null;
  const list = new net.BlockList();
  const bad = [];
  for (const entry of entries) {
    const [addressPart, prefixPart, extra] = entry.split("/");
    const address = normalizeAddress(addressPart);
    const family = address ? (net.isIPv4(address) ? "ipv4" : "ipv6") : null;
    if (!address || extra !== undefined) {
      bad.push(entry);
      continue;
    }
    if (prefixPart === undefined) {
      list.addAddress(address, family);
      continue;
    }
    const prefix = Number(prefixPart);
    if (!/^\d{1,3}$/.test(prefixPart) || prefix > (family === "ipv4" ? 32 : 128)) {
      bad.push(entry);
      continue;
    }
    list.addSubnet(address, prefix, family);
  }
  if (bad.length) {
    throw new TrustedProxiesError(
      `TRUSTED_PROXIES has ${bad.length === 1 ? "an entry" : "entries"} that ${bad.length === 1 ? "is" : "are"} neither an IP address nor a CIDR range: ${bad.map((b) => JSON.stringify(b)).join(", ")}. ` +
        "Give the addresses of your reverse proxies, comma-separated, e.g. TRUSTED_PROXIES=10.0.0.5,10.1.0.0/16 (host names are not accepted).",
    );
  }
  return { entries, list };
}

export function trustedProxiesFromEnv(env = process.env) {
  return parseTrustedProxies(env.TRUSTED_PROXIES);
}

export function isTrusted(trusted, address) {
  const normalized = normalizeAddress(address);
  if (!trusted || !normalized) return false;
  return trusted.list.check(normalized, net.isIPv4(normalized) ? "ipv4" : "ipv6");
}

const headerList = (value) =>
  (Array.isArray(value) ? value.join(",") : (value ?? ""))
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * The client's address: the connection's peer, unless the peer is a trusted proxy; then the
 * X-Forwarded-For hops are walked from the right (the nearest proxy appended last), skipping
 * trusted proxies, and the first one that is not trusted is the client. A hop that is not an
 * address stops the walk: everything left of it was written by someone we cannot vouch for.
 */
export function clientAddress(peer, headers, trusted) {
  const self = normalizeAddress(peer) ?? String(peer ?? "");
  if (!isTrusted(trusted, self)) return self;
  const hops = headerList(headers["x-forwarded-for"]);
  if (hops.length === 0) return normalizeAddress(headerList(headers["x-real-ip"])[0]) ?? self;
  let client = self;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i]);
    if (!hop) break;
    client = hop;
    if (!isTrusted(trusted, hop)) break;
  }
  return client;
}

/** Rewrites a Node request's forwarding headers in place, before Next.js sees it. */
export function applyForwarded(req, trusted, { encrypted = false } = {}) {
  const peer = req.socket?.remoteAddress ?? "";
  const fromProxy = isTrusted(trusted, peer);
  req.headers["x-forwarded-for"] = clientAddress(peer, req.headers, trusted);
  delete req.headers["x-real-ip"];
  if (!fromProxy) {
    delete req.headers["x-forwarded-host"];
    delete req.headers["x-forwarded-port"];
    req.headers["x-forwarded-proto"] = encrypted ? "https" : "http";
  } else if (!req.headers["x-forwarded-proto"]) {
    req.headers["x-forwarded-proto"] = encrypted ? "https" : "http";
  }
}
