// A probe report in plain words: what passed, what to fix, and why it matters for D1.
import { daysLeft, EXPIRING_WITHIN_DAYS } from "@/lib/renewal/dates";
import type { ProbeReport } from "./evidence";

export type Finding = { tone: "good" | "warn" | "bad" | "info"; text: string };

export function probeFindings(report: ProbeReport, now = new Date()): Finding[] {
  const out: Finding[] = [];
  const outbound = report.target.direction === "outbound";
  if (report.dns.error) out.push({ tone: "bad", text: report.dns.error });
  else if (report.dns.addresses.some((a) => a.ttl !== null)) {
    const ttls = [...new Set(report.dns.addresses.map((a) => a.ttl).filter((t): t is number => t !== null))];
    out.push({ tone: "info", text: `DNS gave ${report.dns.addresses.length} address${report.dns.addresses.length > 1 ? "es" : ""} (TTL ${ttls.join(", ")} s). Resolve the name every time and cache no longer than the TTL: D1's addresses change.` });
  }
  if (!report.dns.error && !report.reachable) out.push({ tone: "bad", text: `Not reachable: ${report.tls12.error ?? "no address answered"}` });
  if (report.timedOut) out.push({ tone: "warn", text: "A step ran into its time-out: the server (or a firewall) does not answer in time." });
  if (!report.reachable) return out;

  const versions = [report.tls12.ok && "TLS 1.2", report.tls13.ok && "TLS 1.3"].filter(Boolean);
  if (versions.length === 0) out.push({ tone: "bad", text: `No TLS 1.2 or 1.3 handshake: ${report.tls13.error ?? report.tls12.error ?? "no answer"}` });
  else out.push({ tone: "good", text: `${versions.join(" and ")} negotiated${versions.length === 1 ? ` (${report.tls12.ok ? "TLS 1.3" : "TLS 1.2"} refused; D1 accepts either)` : ""}.` });

  if (report.chain) {
    const store = report.chain.verifiedAgainst === "d1-server-roots" ? "the d1-server-roots store" : "Mozilla's roots";
    if (report.chain.verified) out.push({ tone: "good", text: `The chain verifies against ${store} for ${report.target.host}.` });
    else out.push({ tone: "bad", text: report.chain.error ?? `The chain does not verify against ${store}.` });
    if (!outbound && report.chain.verifiedAgainst === "mozilla") {
      out.push({ tone: "info", text: "This environment's d1-server-roots store is empty, so Mozilla's roots were used. Add the Amazon roots to check what our client will trust." });
    }
    if (outbound && !report.chain.verified) {
      out.push({ tone: "info", text: "Thales expects a CA recognised by Mozilla; with a private CA, hand Thales a PEM trust store of our chain." });
    }
    const leaf = report.chain.certificates[0];
    if (leaf) {
      const left = daysLeft(new Date(leaf.notAfter), now);
      if (left < 0) out.push({ tone: "bad", text: `The server certificate expired on ${leaf.notAfter.slice(0, 10)}.` });
      else if (left <= EXPIRING_WITHIN_DAYS) out.push({ tone: "warn", text: `The server certificate expires in ${left} day${left === 1 ? "" : "s"} (${leaf.notAfter.slice(0, 10)}).` });
    }
  }

  if (outbound) {
    if (report.clientCertRequired === true) out.push({ tone: "good", text: "Our server demands a client certificate (mutual TLS)." });
    else if (report.clientCertRequested === true) out.push({ tone: "warn", text: "Our server asks for a client certificate but goes on without one: D1 must be authenticated by mutual TLS." });
    else if (report.clientCertRequested === false) out.push({ tone: "bad", text: "Our server does not ask for a client certificate: D1 calls us with mutual TLS, so the server must demand one issued by the Thales Client CA." });
    if (report.target.port !== 443 && report.target.port !== 8443) out.push({ tone: "info", text: `D1 calls our server on 443 (preferred) or 8443, not ${report.target.port}.` });
    const accepted = report.thalesClientCaAccepted;
    if (report.acceptableCaNames && report.acceptableCaNames.length === 0) {
      out.push({ tone: "warn", text: "The server names no acceptable client CA: it should name the Thales Client CA." });
    } else if (accepted) {
      if (accepted.matches.length === 0 && accepted.missing.length === 0) out.push({ tone: "info", text: "The thales-client-ca store is empty: nothing to compare the server's CA names with." });
      for (const m of accepted.missing) out.push({ tone: "warn", text: `The server does not name ${m} among the client CAs it accepts, yet our thales-client-ca store trusts it.` });
      if (accepted.matches.length > 0 && accepted.missing.length === 0) out.push({ tone: "good", text: "The server names every CA of the thales-client-ca store as acceptable." });
    }
  } else if (report.clientCertRequired === true || report.clientCertRequested === true) {
    out.push({ tone: "info", text: "D1 asks for our client certificate, as expected. The probe never presents one: our private key never reaches this server." });
  }
  return out;
}
