// A probe report in plain words: what passed, what to fix, and why it matters for D1. Each finding
// has a stable code (the API serves them, the OpenAPI document lists them) and a sentence.
import { daysLeft, EXPIRING_WITHIN_DAYS } from "@/lib/renewal/dates";
import { connectedOf, type ProbeReport } from "./evidence";
import { unreachableByD1 } from "./targets";

export const PROBE_FINDING_CODES = [
  "dns-failed",
  "dns-ttl",
  "not-connected",
  "timed-out",
  "unreachable-private-address",
  "no-tls",
  "tls-versions",
  "chain-verified",
  "chain-not-verified",
  "d1-roots-empty",
  "private-server-ca",
  "server-cert-expired",
  "server-cert-expiring",
  "client-cert-required",
  "client-cert-optional",
  "client-cert-not-requested",
  "tls-item-needs-mutual-tls",
  "port-not-d1",
  "no-client-ca-names",
  "thales-client-ca-store-empty",
  "thales-client-ca-not-named",
  "thales-client-ca-named",
  "extra-client-ca",
  "client-cert-asked-by-d1",
] as const;
export type ProbeFindingCode = (typeof PROBE_FINDING_CODES)[number];

export type Finding = {
  code: ProbeFindingCode;
  tone: "good" | "warn" | "bad" | "info";
  text: string;
};

export function probeFindings(report: ProbeReport, now = new Date()): Finding[] {
  const out: Finding[] = [];
  const add = (code: ProbeFindingCode, tone: Finding["tone"], text: string) =>
    out.push({ code, tone, text });
  const outbound = report.target.direction === "outbound";
  const connected = connectedOf(report);
  if (report.dns.error) add("dns-failed", "bad", report.dns.error);
  else if (report.dns.addresses.some((a) => a.ttl !== null)) {
    const ttls = [
      ...new Set(report.dns.addresses.map((a) => a.ttl).filter((t): t is number => t !== null)),
    ];
    add(
      "dns-ttl",
      "info",
      `DNS gave ${report.dns.addresses.length} address${report.dns.addresses.length > 1 ? "es" : ""} (TTL ${ttls.join(", ")} s). Resolve the name every time and cache no longer than the TTL: D1's addresses change.`,
    );
  }
  if (!report.dns.error && !connected)
    add("not-connected", "bad", `Not reachable: ${report.tls12.error ?? "no address answered"}`);
  if (report.timedOut)
    add(
      "timed-out",
      "warn",
      "A step ran into its time-out: the server (or a firewall) does not answer in time.",
    );
  if (!connected) return out;
  // Connected, but where D1 cannot come: say so, and report the rest of what the server answered.
  const privateReason =
    outbound && !report.reachable && report.connectedAddress
      ? unreachableByD1(report.connectedAddress)
      : null;
  if (privateReason)
    add("unreachable-private-address", "bad", `Not reachable by D1: ${privateReason}`);

  const versions = [report.tls12.ok && "TLS 1.2", report.tls13.ok && "TLS 1.3"].filter(Boolean);
  if (versions.length === 0)
    add(
      "no-tls",
      "bad",
      `No TLS 1.2 or 1.3 handshake: ${report.tls13.error ?? report.tls12.error ?? "no answer"}`,
    );
  else
    add(
      "tls-versions",
      "good",
      `${versions.join(" and ")} negotiated${versions.length === 1 ? ` (${report.tls12.ok ? "TLS 1.3" : "TLS 1.2"} refused; D1 accepts either)` : ""}.`,
    );

  if (report.chain) {
    const store =
      report.chain.verifiedAgainst === "d1-server-roots"
        ? "the d1-server-roots store"
        : "Mozilla's roots";
    if (report.chain.verified)
      add(
        "chain-verified",
        "good",
        `The chain verifies against ${store} for ${report.target.host}.`,
      );
    else
      add(
        "chain-not-verified",
        "bad",
        report.chain.error ?? `The chain does not verify against ${store}.`,
      );
    if (!outbound && report.chain.verifiedAgainst === "mozilla") {
      add(
        "d1-roots-empty",
        "info",
        "This environment's d1-server-roots store is empty, so Mozilla's roots were used. Add the Amazon roots to check what our client will trust.",
      );
    }
    if (outbound && !report.chain.verified) {
      add(
        "private-server-ca",
        "info",
        "Thales expects a CA recognised by Mozilla; with a private CA, hand Thales a PEM trust store of our chain.",
      );
    }
    const leaf = report.chain.certificates[0];
    if (leaf) {
      const left = daysLeft(new Date(leaf.notAfter), now);
      if (left < 0)
        add(
          "server-cert-expired",
          "bad",
          `The server certificate expired on ${leaf.notAfter.slice(0, 10)}.`,
        );
      else if (left <= EXPIRING_WITHIN_DAYS)
        add(
          "server-cert-expiring",
          "warn",
          `The server certificate expires in ${left} day${left === 1 ? "" : "s"} (${leaf.notAfter.slice(0, 10)}).`,
        );
    }
  }

  if (outbound) outboundFindings(report, versions.length > 0, add);
  else if (report.clientCertRequired === true || report.clientCertRequested === true) {
    add(
      "client-cert-asked-by-d1",
      "info",
      "D1 asks for our client certificate, as expected. The probe never presents one: our private key never reaches this server.",
    );
  }
  return out;
}

type Add = (code: ProbeFindingCode, tone: Finding["tone"], text: string) => void;

/** Our own server, as D1 sees it: mutual TLS, on 443 or 8443, endorsing only the Thales Client CA. */
function outboundFindings(report: ProbeReport, speaksTls: boolean, add: Add) {
  if (report.clientCertRequired === true)
    add("client-cert-required", "good", "Our server demands a client certificate (mutual TLS).");
  else if (report.clientCertRequested === true)
    add(
      "client-cert-optional",
      "warn",
      "Our server asks for a client certificate but goes on without one: D1 must be authenticated by mutual TLS.",
    );
  else if (report.clientCertRequested === false)
    add(
      "client-cert-not-requested",
      "bad",
      "Our server does not ask for a client certificate: D1 calls us with mutual TLS, so the server must demand one issued by the Thales Client CA.",
    );
  if (speaksTls && report.clientCertRequired !== true) {
    add(
      "tls-item-needs-mutual-tls",
      "warn",
      "The checklist item “Our server speaks TLS 1.2/1.3” stays open: the partner requires mutual authentication, and this probe did not see our server demand a client certificate.",
    );
  }
  if (report.target.port !== 443 && report.target.port !== 8443)
    add(
      "port-not-d1",
      "info",
      `D1 calls our server on 443 (preferred) or 8443, not ${report.target.port}.`,
    );
  const accepted = report.thalesClientCaAccepted;
  if (report.acceptableCaNames && report.acceptableCaNames.length === 0) {
    add(
      "no-client-ca-names",
      "warn",
      "The server names no acceptable client CA: it should name the Thales Client CA.",
    );
  } else if (accepted) {
    const storeEmpty = accepted.matches.length === 0 && accepted.missing.length === 0;
    if (storeEmpty)
      add(
        "thales-client-ca-store-empty",
        "info",
        "The thales-client-ca store is empty: add the Thales Client CA received at onboarding, so that the server's CA names can be checked against it.",
      );
    for (const m of accepted.missing)
      add(
        "thales-client-ca-not-named",
        "warn",
        `The server does not name ${m} among the client CAs it accepts, yet our thales-client-ca store trusts it.`,
      );
    if (accepted.matches.length > 0 && accepted.missing.length === 0)
      add(
        "thales-client-ca-named",
        "good",
        "The server names every CA of the thales-client-ca store as acceptable.",
      );
    for (const name of accepted.extra ?? []) {
      add(
        "extra-client-ca",
        "bad",
        `Our server also accepts client certificates issued by ${name}, which is not in the thales-client-ca store. The partner says to endorse only the Thales Client CA: remove this CA from the server's client CA list.`,
      );
    }
  }
}
