// `openssl s_client` as a witness for what Node's TLS stack does not expose: whether the server
// sent a CertificateRequest, and the CA names in it. Run with stdin closed, a hard time-out and a
// bounded output; never through a shell.
import { spawn, spawnSync } from "node:child_process";
import { env } from "@/lib/env";

const MAX_OUTPUT = 256 * 1024;
// Names printed like lib/pki's DNs: forward order, RFC 2253 escaping, UTF-8, short names.
const NAMEOPT = "utf8,sep_comma_plus_space,esc_2253,esc_ctrl,sname";

const available = new Map<string, boolean>();

/** Whether `binary` runs (`openssl version`), asked once per process. */
export function opensslAvailable(binary: string): boolean {
  let known = available.get(binary);
  if (known === undefined) {
    const result = spawnSync(binary, ["version"], {
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 3_000,
    });
    known = result.status === 0 && /OpenSSL|LibreSSL/i.test(result.stdout?.toString() ?? "");
    available.set(binary, known);
  }
  return known;
}

export type SClientResult = {
  /** The server sent a CertificateRequest (with or without CA names). */
  requested: boolean;
  /** The CA names in it, as printed; [] when it named none. */
  caNames: string[];
  timedOut: boolean;
  /** Whether s_client got as far as the server's certificate (the output is meaningful). */
  spoke: boolean;
  error?: string;
};

/** Reads s_client's report (stdout) into the request and CA names. */
export function parseSClientOutput(output: string): Omit<SClientResult, "timedOut" | "error"> {
  const lines = output.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === "Acceptable client certificate CA names");
  const caNames: string[] = [];
  if (start >= 0) {
    for (const line of lines.slice(start + 1)) {
      if (
        /^(Client Certificate Types|Requested Signature Algorithms|Shared Requested|Peer signing|Peer signature|Server Temp Key|---|SSL handshake)/.test(
          line.trim(),
        ) ||
        line.trim() === ""
      )
        break;
      caNames.push(line.trim());
    }
  }
  // s_client prints "No client certificate CA names sent" even when nothing was requested; the
  // types and signature algorithms it prints come only from a CertificateRequest.
  const requested =
    start >= 0 ||
    lines.some((l) =>
      /^(Client Certificate Types:|Requested Signature Algorithms:)/.test(l.trim()),
    );
  const spoke = /^(Server certificate|Certificate chain|SSL handshake has read)/m.test(output);
  return { requested, caNames, spoke };
}

/**
 * `openssl s_client -connect address:port [-servername name]`, killed after `timeoutMs`.
 * Resolves, never rejects.
 */
export function runSClient(
  binary: string,
  address: string,
  port: number,
  servername: string | undefined,
  timeoutMs: number,
): Promise<SClientResult> {
  return new Promise((resolve) => {
    const connect = address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
    const args = [
      "s_client",
      "-connect",
      connect,
      ...(servername ? ["-servername", servername] : []),
      "-nameopt",
      NAMEOPT,
    ];
    let out = "";
    let err = "";
    let done = false;
    const child = spawn(binary, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { PATH: env.PATH ?? "/usr/bin:/bin" } as unknown as NodeJS.ProcessEnv,
    });
    const finish = (result: Omit<SClientResult, "requested" | "caNames" | "spoke">) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill("SIGKILL");
      resolve({ ...parseSClientOutput(out), ...result });
    };
    const timer = setTimeout(
      () =>
        finish({ timedOut: true, error: `openssl s_client did not finish within ${timeoutMs} ms` }),
      timeoutMs,
    );
    child.stdout.on("data", (chunk: Buffer) => {
      if (out.length < MAX_OUTPUT) out += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (err.length < MAX_OUTPUT) err += chunk.toString("utf8");
    });
    child.on("error", (e) =>
      finish({ timedOut: false, error: `openssl could not run: ${e.message}` }),
    );
    child.on("close", () => {
      const firstError = /error:[^\n]*/.exec(err)?.[0];
      finish({ timedOut: false, ...(firstError ? { error: firstError } : {}) });
    });
  });
}
