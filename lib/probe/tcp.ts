// Step 2 of a probe: which address accepts a TCP connection.
import net from "node:net";
import type { Deadline } from "./deadline";
import type { Address } from "./dns";
import { plainTlsError } from "./messages";
import { hostPort } from "./targets";

function tcpConnect(
  address: string,
  port: number,
  ms: number,
): Promise<{ ok: true } | { ok: false; error: string; timedOut: boolean }> {
  return new Promise((resolveConnect) => {
    const socket = net.connect({ host: address, port });
    const finish = (result: { ok: true } | { ok: false; error: string; timedOut: boolean }) => {
      clearTimeout(timer);
      socket.destroy();
      resolveConnect(result);
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          error: `No TCP answer from ${hostPort(address, port)} within ${ms} ms.`,
          timedOut: true,
        }),
      ms,
    );
    socket.once("connect", () => finish({ ok: true }));
    socket.once("error", (error) =>
      finish({ ok: false, error: plainTlsError(error, hostPort(address, port)), timedOut: false }),
    );
  });
}

/** The first address that accepts a TCP connection, IPv4 first; the probe talks to it only. */
export async function firstAnswering(
  addresses: Address[],
  port: number,
  deadline: Deadline,
): Promise<{ chosen: Address | undefined; errors: string[]; timedOut: boolean }> {
  const ordered = [...addresses].sort((a, b) => a.family - b.family);
  const errors: string[] = [];
  let timedOut = false;
  for (const candidate of ordered) {
    const ms = deadline.step();
    if (ms <= 0) {
      timedOut = true;
      errors.push("The probe ran out of time.");
      break;
    }
    const connected = await tcpConnect(candidate.address, port, ms);
    if (connected.ok) return { chosen: candidate, errors, timedOut };
    errors.push(connected.error);
    timedOut ||= connected.timedOut;
  }
  return { chosen: undefined, errors, timedOut };
}
