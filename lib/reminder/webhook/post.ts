// One webhook call, made safe to point at a URL someone typed: the host is resolved once and every
// address checked like a probe target; the connection goes to that checked address (a custom
// lookup hands it to the socket, so a DNS answer that changes in between, "rebinding", is never
// used); redirects are not followed; the response body is not kept and at most a few KB are read.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type net from "node:net";
import { checkAddress, checkHost } from "@/lib/probe/targets";

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Bytes of the response body read at most; the rest is never taken from the socket by us. */
export const WEBHOOK_MAX_RESPONSE_BYTES = 4096;

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** How a host name becomes addresses; tests pass their own to play a resolver that lies. */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (host) =>
  (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

export class WebhookRefused extends Error {}

/** The one address the call may go to, or WebhookRefused naming why none may. */
export async function resolveWebhookHost(
  hostname: string,
  resolve: Resolver = systemResolver,
): Promise<ResolvedAddress> {
  const host = checkHost(hostname);
  if (!host.ok) throw new WebhookRefused(host.message);
  if (host.ip !== 0) return { address: host.host, family: host.ip };
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolve(host.host);
  } catch (error) {
    throw new Error(
      `${host.host} could not be resolved (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  if (addresses.length === 0) throw new Error(`${host.host} has no address`);
  // Any refused address refuses the name: a name that also points at the metadata service is not a receiver.
  for (const a of addresses) {
    const verdict = checkAddress(a.address);
    if (!verdict.allowed) throw new WebhookRefused(`${host.host} resolves to ${verdict.message}`);
  }
  return addresses[0]!;
}

export type PostOutcome = { status: number; ms: number; address: string; bodyBytesRead: number };

/** POSTs `body` to `url` at the checked address; resolves with the status once the headers are in. */
export async function postWebhook(
  url: URL,
  body: string,
  options: { resolve?: Resolver; timeoutMs?: number } = {},
): Promise<PostOutcome> {
  const pinned = await resolveWebhookHost(url.hostname, options.resolve);
  const started = performance.now();
  const send = url.protocol === "https:" ? https.request : http.request;
  // The socket asks this lookup for the name's address: it only ever gets the checked one.
  const lookup: net.LookupFunction = (_host, opts, callback) => {
    if ((opts as dns.LookupAllOptions).all)
      (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  return new Promise<PostOutcome>((resolve, reject) => {
    const request = send(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "user-agent": "d1-mtls-dashboard",
        },
        lookup,
        agent: false,
        // The whole call, not only an idle socket: a receiver that trickles bytes is cut off too.
        signal: AbortSignal.timeout(options.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
        minVersion: "TLSv1.2",
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const ms = Math.round(performance.now() - started);
        let bodyBytesRead = 0;
        const done = () => resolve({ status, ms, address: pinned.address, bodyBytesRead });
        response.on("data", (chunk: Buffer) => {
          bodyBytesRead += chunk.length;
          // Enough to end a normal answer cleanly; a larger one is cut off, unread.
          if (bodyBytesRead >= WEBHOOK_MAX_RESPONSE_BYTES) {
            response.destroy();
            done();
          }
        });
        response.on("end", done);
        response.on("error", done);
        response.on("close", done);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}
