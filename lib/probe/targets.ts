// Probe targets: what may be probed. A probe opens connections from our server, so a target must
// never let someone reach what only the server can reach and should not: link-local addresses
// and the cloud metadata services (which hand out the instance's credentials). Loopback and
// private ranges stay allowed: the tests and on-premises set-ups use them.
import net from "node:net";

export const PROBE_DIRECTIONS = ["inbound", "outbound"] as const;
export type ProbeDirection = (typeof PROBE_DIRECTIONS)[number];

export const DIRECTION_LABELS: Record<ProbeDirection, string> = {
  inbound: "Inbound: a D1 server that we call",
  outbound: "Outbound: our server that D1 calls",
};

export type ProbeTargetInput = {
  direction: ProbeDirection;
  host: string;
  port: number;
  daily: boolean;
};
export type TargetParse =
  | { ok: true; value: ProbeTargetInput }
  | { ok: false; fields: Record<string, string> };

/** Names of cloud metadata services (the addresses behind them are refused as well). */
export const METADATA_NAMES = new Set([
  "metadata.google.internal",
  "metadata.goog",
  "metadata",
  "instance-data",
  "instance-data.ec2.internal",
]);

/** Cloud metadata addresses: AWS/Azure/GCP/OCI (169.254.169.254), AWS IPv6, Alibaba. */
const METADATA_V4 = new Set(["169.254.169.254", "100.100.100.200"]);
const METADATA_V6 = "fd00:ec2:0:0:0:0:0:254";

export type AddressVerdict =
  | { allowed: true }
  | {
      allowed: false;
      code: "metadata" | "link-local" | "unspecified" | "multicast" | "broadcast";
      message: string;
    };

/** IPv6 text to eight 16-bit groups (zone id dropped; an IPv4 tail folded in), or null. */
export function ipv6Groups(address: string): number[] | null {
  let text = address.split("%")[0]!.toLowerCase();
  if (!net.isIPv6(text)) return null;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split(".").map(Number) as [number, number, number, number];
    text =
      text.slice(0, -v4[1]!.length) +
      `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? (text.split("::") as [string, string]) : [text, null];
  const parse = (s: string) => (s === "" ? [] : s.split(":").map((g) => parseInt(g, 16)));
  const left = parse(head);
  if (tail === null) return left.length === 8 ? left : null;
  const right = parse(tail);
  return [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
}

/** The IPv4 address carried inside an IPv6 one (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::/96). */
function embeddedIpv4(groups: number[]): string | null {
  const tail = `${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  const zeros = (n: number) => groups.slice(0, n).every((g) => g === 0);
  if (zeros(5) && groups[5] === 0xffff) return tail;
  if (zeros(6) && (groups[6] !== 0 || groups[7]! > 1)) return tail;
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0))
    return tail;
  return null;
}

function ipv4Verdict(address: string, shown: string): AddressVerdict {
  const [a, b] = address.split(".").map(Number) as [number, number];
  if (METADATA_V4.has(address)) {
    return {
      allowed: false,
      code: "metadata",
      message: `${shown} is a cloud metadata address: a probe there could read the server's cloud credentials. It is refused.`,
    };
  }
  if (a === 169 && b === 254) {
    return {
      allowed: false,
      code: "link-local",
      message: `${shown} is a link-local address (169.254.0.0/16): it is not a D1 or internet-facing server, and cloud metadata services live there. It is refused.`,
    };
  }
  if (a === 0)
    return {
      allowed: false,
      code: "unspecified",
      message: `${shown} is not a server address (0.0.0.0/8 means "this host, any address").`,
    };
  if (address === "255.255.255.255")
    return {
      allowed: false,
      code: "broadcast",
      message: `${shown} is the broadcast address, not a server.`,
    };
  if (a >= 224 && a <= 239)
    return {
      allowed: false,
      code: "multicast",
      message: `${shown} is a multicast address, not a server.`,
    };
  return { allowed: true };
}

/** Whether a probe may connect to this IP address; loopback and private ranges are allowed. */
export function checkAddress(address: string): AddressVerdict {
  if (net.isIPv4(address)) return ipv4Verdict(address, address);
  const groups = ipv6Groups(address);
  if (!groups)
    return { allowed: false, code: "unspecified", message: `${address} is not an IP address.` };
  const inner = embeddedIpv4(groups);
  if (inner) return ipv4Verdict(inner, `${address} (that is ${inner})`);
  if (groups.map((g) => g.toString(16)).join(":") === METADATA_V6) {
    return {
      allowed: false,
      code: "metadata",
      message: `${address} is the AWS IPv6 metadata address: a probe there could read the server's cloud credentials. It is refused.`,
    };
  }
  if ((groups[0]! & 0xffc0) === 0xfe80) {
    return {
      allowed: false,
      code: "link-local",
      message: `${address} is a link-local address (fe80::/10): it is not a D1 or internet-facing server. It is refused.`,
    };
  }
  if (groups.every((g) => g === 0))
    return {
      allowed: false,
      code: "unspecified",
      message: `${address} is not a server address (:: means "any address").`,
    };
  if (groups[0]! >> 8 === 0xff)
    return {
      allowed: false,
      code: "multicast",
      message: `${address} is a multicast address, not a server.`,
    };
  return { allowed: true };
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Normalises and checks a host (name or IP literal); returns it or the reason it is refused. */
export function checkHost(
  raw: string,
): { ok: true; host: string; ip: 0 | 4 | 6 } | { ok: false; message: string } {
  let host = raw.trim().toLowerCase();
  if (host === "") return { ok: false, message: "Enter a host name or an IP address." };
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(host) || host.includes("/"))
    return {
      ok: false,
      message: "Enter only the host name (like api.example.com), without https:// or a path.",
    };
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  if (host.includes("%"))
    return {
      ok: false,
      message: "An IPv6 zone (%…) is not allowed: link-local addresses cannot be probed.",
    };
  if (net.isIPv4(host)) {
    const verdict = checkAddress(host);
    return verdict.allowed ? { ok: true, host, ip: 4 } : { ok: false, message: verdict.message };
  }
  if (net.isIPv6(host)) {
    const verdict = checkAddress(host);
    return verdict.allowed ? { ok: true, host, ip: 6 } : { ok: false, message: verdict.message };
  }
  if (/^[^:]+:\d*$/.test(host))
    return { ok: false, message: "Put the port in the Port field, not after the host name." };
  if (host.endsWith(".")) host = host.slice(0, -1);
  if (host.length > 253) return { ok: false, message: "A host name has at most 253 characters." };
  if (METADATA_NAMES.has(host)) {
    return {
      ok: false,
      message: `${host} is a cloud metadata service: a probe there could read the server's cloud credentials. It is refused.`,
    };
  }
  const labels = host.split(".");
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined) {
    return {
      ok: false,
      message:
        bad === ""
          ? "This host name has an empty part (two dots in a row, or a leading dot)."
          : `"${bad}" is not a valid part of a host name: use letters, digits and hyphens (not at either end), at most 63 characters per part.`,
    };
  }
  // "1.2.3" or "0x7f.1" would be read as an IP address by some resolvers: refuse the ambiguity.
  if (/^(\d+|0x[0-9a-f]*)$/.test(labels[labels.length - 1]!)) {
    return {
      ok: false,
      message:
        "A host name cannot end in a number. Write an IPv4 address as four numbers from 0 to 255 (like 192.0.2.10).",
    };
  }
  return { ok: true, host, ip: 0 };
}

/** Checks a port given as a number or as form text. */
export function checkPort(
  raw: unknown,
): { ok: true; port: number } | { ok: false; message: string } {
  const text = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim() : "";
  if (text === "")
    return { ok: false, message: "Enter a port (D1 uses 443, or 8443 for our server)." };
  if (!/^\d+$/.test(text))
    return { ok: false, message: "The port must be a whole number from 1 to 65535." };
  const port = Number(text);
  if (port === 0)
    return {
      ok: false,
      message: "Port 0 is not a real port: use 1 to 65535 (usually 443 or 8443).",
    };
  if (port > 65535) return { ok: false, message: "The port must be at most 65535." };
  return { ok: true, port };
}

const truthy = (v: unknown) => v === true || v === "true" || v === "on" || v === "1";

/** Validates a new target from a form or a JSON body; every problem is named by its field. */
export function parseProbeTargetInput(raw: unknown): TargetParse {
  const input = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  const direction = input.direction;
  if (direction !== "inbound" && direction !== "outbound") {
    fields.direction =
      'Choose "inbound" (a D1 server that we call) or "outbound" (our server that D1 calls).';
  }
  const host =
    typeof input.host === "string"
      ? checkHost(input.host)
      : { ok: false as const, message: "Enter a host name or an IP address." };
  if (!host.ok) fields.host = host.message;
  const port = checkPort(input.port);
  if (!port.ok) fields.port = port.message;
  if (
    input.daily !== undefined &&
    typeof input.daily !== "boolean" &&
    typeof input.daily !== "string"
  )
    fields.daily = "daily must be true or false.";
  if (Object.keys(fields).length > 0 || !host.ok || !port.ok) return { ok: false, fields };
  return {
    ok: true,
    value: {
      direction: direction as ProbeDirection,
      host: host.host,
      port: port.port,
      daily: truthy(input.daily),
    },
  };
}

/** host:port as people write it ([v6]:port for IPv6). */
export const hostPort = (host: string, port: number) =>
  host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;

/**
 * Where an address can be reached from. D1 connects to our server over the internet: a private,
 * loopback or link-local address (or carrier-grade NAT, or an IPv6 unique-local one) answers only
 * inside a network, so a probe that reached our server there does not prove D1 can. Documentation
 * ranges (192.0.2.0/24, 2001:db8::/32) count as public: they stand for public addresses in examples.
 */
export type AddressScope = "public" | "private" | "loopback" | "link-local";

const SCOPES: {
  scope: Exclude<AddressScope, "public">;
  range: string;
  v4: [string, number][];
  v6: [string, number][];
}[] = [
  { scope: "loopback", range: "127.0.0.0/8, ::1", v4: [["127.0.0.0", 8]], v6: [["::1", 128]] },
  {
    scope: "link-local",
    range: "169.254.0.0/16, fe80::/10",
    v4: [["169.254.0.0", 16]],
    v6: [["fe80::", 10]],
  },
  {
    scope: "private",
    range: "10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, fc00::/7",
    v4: [
      ["10.0.0.0", 8],
      ["172.16.0.0", 12],
      ["192.168.0.0", 16],
      ["100.64.0.0", 10],
    ],
    v6: [["fc00::", 7]],
  },
];
const SCOPE_LISTS = SCOPES.map((s) => {
  const list = new net.BlockList();
  for (const [network, prefix] of s.v4) list.addSubnet(network, prefix, "ipv4");
  for (const [network, prefix] of s.v6) list.addSubnet(network, prefix, "ipv6");
  return { ...s, list };
});

/** The scope of an IP address (an IPv4 address inside an IPv6 one counts as that IPv4 address). */
export function addressScope(address: string): AddressScope {
  let ip = address.split("%")[0]!;
  const groups = net.isIPv6(ip) ? ipv6Groups(ip) : null;
  const inner = groups ? embeddedIpv4(groups) : null;
  if (inner) ip = inner;
  const family = net.isIPv4(ip) ? "ipv4" : net.isIPv6(ip) ? "ipv6" : null;
  if (!family) return "public";
  return SCOPE_LISTS.find((s) => s.list.check(ip, family))?.scope ?? "public";
}

/** Why D1 cannot reach our server at this address; null when the address is public. */
export function unreachableByD1(address: string): string | null {
  const scope = addressScope(address);
  if (scope === "public") return null;
  const what = {
    loopback: "a loopback address (only this server reaches it)",
    "link-local": "a link-local address",
    private: "a private address",
  }[scope];
  return `The probe reached our server at ${address}, ${what}. D1 connects over the internet and cannot reach a ${scope} address, so this probe does not prove that D1 can reach our server: probe the public name or address D1 will call.`;
}
