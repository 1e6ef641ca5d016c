import { connectedOf, type ProbeReport } from "@/lib/probe/evidence";
import { probeFindings, type Finding } from "@/lib/probe/findings";
import { Badge } from "@/components/ui/card";
import { DownloadPemButton } from "@/components/csr/pem-actions";
import { utcMinute } from "@/lib/dates";

export const stamp = (d: Date) => utcMinute(d);

const FINDING_STYLE: Record<Finding["tone"], { mark: string; label: string; className: string }> = {
  good: { mark: "✓", label: "OK", className: "text-green-800 dark:text-green-300" },
  warn: { mark: "!", label: "Warning", className: "text-amber-800 dark:text-amber-300" },
  bad: { mark: "✗", label: "Problem", className: "text-red-800 dark:text-red-300" },
  info: { mark: "i", label: "Note", className: "text-slate-700 dark:text-slate-300" },
};

export function FindingsList({ findings }: { findings: Finding[] }) {
  return (
    <ul className="space-y-1 text-sm">
      {findings.map((f, i) => {
        const style = FINDING_STYLE[f.tone];
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list in which a code may repeat
          <li key={i} className="flex gap-2" data-finding={f.code}>
            <span aria-hidden className={`w-4 shrink-0 text-center font-bold ${style.className}`}>
              {style.mark}
            </span>
            <span>
              <span className="sr-only">{style.label}: </span>
              {f.text}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function Version({ v, testId }: { v: ProbeReport["tls12"]; testId: string }) {
  return v.ok ? (
    <span data-testid={testId}>
      <Badge tone="green">{v.protocol}</Badge> <span className="font-mono text-xs">{v.cipher}</span>
    </span>
  ) : (
    <span data-testid={testId}>
      <Badge tone="slate">no</Badge>{" "}
      <span className="text-slate-600 dark:text-slate-400">{v.error}</span>
    </span>
  );
}

function clientCert(report: ProbeReport) {
  if (report.clientCertRequired) return "Required: the server refuses to go on without one";
  if (report.clientCertRequested) return "Requested, but optional";
  if (report.clientCertRequested === false) return "Not requested";
  return "Unknown";
}

/** Outbound: whether D1, over the internet, could reach the address the probe reached. */
function reachability(report: ProbeReport) {
  if (!connectedOf(report)) return "No: nothing answered";
  if (report.reachable)
    return report.addressScope === "public"
      ? `Yes: ${report.connectedAddress} is a public address`
      : "Yes";
  return `No: ${report.connectedAddress} is a ${report.addressScope} address, and D1 connects over the internet`;
}

function CaName({ name, extra }: { name: string; extra: boolean | null }) {
  return (
    <li className="[overflow-wrap:anywhere]">
      {name} {extra === true && <Badge tone="red">not in thales-client-ca</Badge>}
      {extra === false && <Badge tone="green">in thales-client-ca</Badge>}
    </li>
  );
}

const row = "grid gap-1 py-2 sm:grid-cols-[12rem_1fr]";
const term = "text-sm font-medium text-slate-700 dark:text-slate-300";

/** One stored probe result: findings in plain words first, then the facts. */
export function ProbeReportView({
  report,
  at,
  ok,
  durationMs,
  now = new Date(),
}: {
  report: ProbeReport;
  at: Date;
  ok: boolean;
  durationMs: number;
  now?: Date;
}) {
  const chain = report.chain;
  const outbound = report.target.direction === "outbound";
  const extra = report.thalesClientCaAccepted?.extra
    ? new Set(report.thalesClientCaAccepted.extra)
    : null;
  return (
    <div className="space-y-4">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={ok ? "green" : "red"}>{ok ? "Passed" : "Failed"}</Badge>
        <span>
          Probed {stamp(at)}, in {(durationMs / 1000).toFixed(1)} s
        </span>
      </p>
      <FindingsList findings={probeFindings(report, now)} />
      <dl className="divide-y divide-slate-200 text-sm dark:divide-slate-800">
        <div className={row}>
          <dt className={term}>DNS</dt>
          <dd>
            {report.dns.addresses.length === 0 ? (
              <span className="text-slate-600 dark:text-slate-400">
                {report.dns.error ?? "No address"}
              </span>
            ) : (
              <ul>
                {report.dns.addresses.map((a) => (
                  <li key={a.address} className="font-mono text-xs">
                    {a.address}{" "}
                    <span className="font-sans text-slate-600 dark:text-slate-400">
                      IPv{a.family}, TTL {a.ttl === null ? "— (not from DNS)" : `${a.ttl} s`}
                      {a.address === report.connectedAddress ? ", probed" : ""}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        {outbound && (
          <div className={row}>
            <dt className={term}>Reachable by D1</dt>
            <dd data-testid="probe-reachable">{reachability(report)}</dd>
          </div>
        )}
        <div className={row}>
          <dt className={term}>TLS 1.2</dt>
          <dd>
            <Version v={report.tls12} testId="probe-tls12" />
          </dd>
        </div>
        <div className={row}>
          <dt className={term}>TLS 1.3</dt>
          <dd>
            <Version v={report.tls13} testId="probe-tls13" />
          </dd>
        </div>
        <div className={row}>
          <dt className={term}>Chain</dt>
          <dd data-testid="probe-chain">
            {chain === null ? (
              <span className="text-slate-600 dark:text-slate-400">No certificate seen</span>
            ) : (
              <span>
                <Badge tone={chain.verified ? "green" : "red"}>
                  {chain.verified ? "verified" : "does not verify"}
                </Badge>{" "}
                against{" "}
                {chain.verifiedAgainst === "d1-server-roots"
                  ? "the d1-server-roots store"
                  : "Mozilla's roots"}
              </span>
            )}
          </dd>
        </div>
        <div className={row}>
          <dt className={term}>Client certificate</dt>
          <dd data-testid="probe-client-cert">{clientCert(report)}</dd>
        </div>
        <div className={row}>
          <dt className={term}>Acceptable client CAs</dt>
          <dd>
            {report.acceptableCaNames === null ? (
              <span className="text-slate-600 dark:text-slate-400">
                {report.clientCertRequested
                  ? "Not known (openssl is not available on the server)"
                  : "—"}
              </span>
            ) : report.acceptableCaNames.length === 0 ? (
              "None named"
            ) : (
              <ul data-testid="probe-ca-names">
                {report.acceptableCaNames.map((n) => (
                  <CaName key={n} name={n} extra={extra ? extra.has(n) : null} />
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
      {chain && chain.certificates.length > 0 && (
        <div>
          <h4 className="mb-1 text-sm font-medium">Presented chain</h4>
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm">
              <thead className="text-left text-slate-600 dark:text-slate-400">
                <tr>
                  {["#", "Subject", "Issuer", "Expires", "SHA-256"].map((h) => (
                    <th key={h} scope="col" className="px-2 py-1 font-medium">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {chain.certificates.map((c, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the chain as sent, in which a server may repeat a certificate
                  <tr key={c.sha256 + i} className="align-top">
                    <td className="px-2 py-1">{i}</td>
                    <td className="px-2 py-1 [overflow-wrap:anywhere]">{c.subject}</td>
                    <td className="px-2 py-1 text-slate-600 [overflow-wrap:anywhere] dark:text-slate-400">
                      {c.issuer}
                    </td>
                    <td className="whitespace-nowrap px-2 py-1">{c.notAfter.slice(0, 10)}</td>
                    <td className="px-2 py-1 font-mono text-xs" title={c.sha256}>
                      {c.sha256.slice(0, 16)}…
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <details className="mt-2">
            <summary className="cursor-pointer text-sm text-blue-700 dark:text-blue-300">
              Chain as PEM
            </summary>
            <div className="mt-2 space-y-2">
              <DownloadPemButton
                filename={`${report.target.host}-${report.target.port}-chain.pem`}
                pem={chain.certificates.map((c) => c.pem).join("")}
              />
              <pre className="max-h-64 overflow-auto rounded-md bg-slate-100 p-3 text-xs dark:bg-slate-950">
                {chain.certificates.map((c) => c.pem).join("")}
              </pre>
            </div>
          </details>
        </div>
      )}
    </div>
  );
}
