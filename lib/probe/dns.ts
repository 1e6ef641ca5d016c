// Step 1 of a probe: every A and AAAA record of the name, with its TTL (the system resolver for
// names only it knows). Literal addresses and localhost need no lookup.
import dns from "node:dns";
import net from "node:net";
import { type Deadline, timeout } from "./deadline";
import { codeOf } from "./messages";

export type Address = { address: string; family: 4 | 6; ttl: number | null };

export type Resolution = { addresses: Address[]; error?: string; timedOut: boolean };

export async function resolveHost(host: string, deadline: Deadline): Promise<Resolution> {
  const literal = net.isIP(host);
  if (literal)
    return { addresses: [{ address: host, family: literal as 4 | 6, ttl: null }], timedOut: false };
  if (host === "localhost") {
    return {
      addresses: [
        { address: "127.0.0.1", family: 4, ttl: null },
        { address: "::1", family: 6, ttl: null },
      ],
      timedOut: false,
    };
  }
  const budget = deadline.step();
  if (budget <= 0)
    return { addresses: [], error: "The probe ran out of time before DNS.", timedOut: true };
  const resolver = new dns.promises.Resolver({ timeout: budget, tries: 1 });
  const answered = await timeout(
    Promise.allSettled([
      resolver.resolve4(host, { ttl: true }),
      resolver.resolve6(host, { ttl: true }),
    ]),
    budget,
    () => resolver.cancel(),
  );
  if (answered === "timeout")
    return {
      addresses: [],
      error: `DNS did not answer for ${host} within ${budget} ms.`,
      timedOut: true,
    };
  const [v4, v6] = (
    answered as {
      value: [PromiseSettledResult<dns.RecordWithTtl[]>, PromiseSettledResult<dns.RecordWithTtl[]>];
    }
  ).value;
  const addresses: Address[] = [
    ...(v4.status === "fulfilled"
      ? v4.value.map((r) => ({ address: r.address, family: 4 as const, ttl: r.ttl }))
      : []),
    ...(v6.status === "fulfilled"
      ? v6.value.map((r) => ({ address: r.address, family: 6 as const, ttl: r.ttl }))
      : []),
  ];
  if (addresses.length > 0) return { addresses, timedOut: false };
  const codes = [v4, v6].map((r) => (r.status === "rejected" ? codeOf(r.reason) : "ENODATA"));
  if (codes.some((c) => c === "ETIMEOUT" || c === "ECANCELLED"))
    return {
      addresses: [],
      error: `DNS did not answer for ${host} within ${budget} ms.`,
      timedOut: true,
    };
  // Names that only the system resolver knows (a hosts file on premises): no TTL to report.
  const left = deadline.step();
  if (left > 0) {
    const system = await timeout(dns.promises.lookup(host, { all: true, verbatim: true }), left);
    if (system !== "timeout" && "value" in system && system.value.length > 0) {
      return {
        addresses: system.value.map((a) => ({
          address: a.address,
          family: a.family === 6 ? 6 : 4,
          ttl: null,
        })),
        timedOut: false,
      };
    }
  }
  const why = codes.every((c) => c === "ENOTFOUND" || c === "ENODATA")
    ? codes.includes("ENOTFOUND")
      ? `${host} does not exist in DNS (ENOTFOUND).`
      : `${host} has no A or AAAA record.`
    : `DNS could not resolve ${host} (${codes.filter((c) => c !== "ENODATA").join(", ")}).`;
  return { addresses: [], error: why, timedOut: false };
}
