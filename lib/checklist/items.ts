/**
 * The onboarding checklist of an environment: DOMAIN.md's requirements as items. An item whose
 * proof the inventory holds ticks itself (evidence); the others are ticked by a named person with
 * a note and a date. The ids are stored with manual ticks: never rename one.
 */
export const CHECKLIST_ITEMS = [
  {
    id: "inbound.csr-generated",
    direction: "inbound",
    title: "Client CSR generated with a compliant key and CN",
    requirement:
      "RSA 4096 or ECDSA P-256, SHA-256, the gateway's Common Name pattern; one key per environment.",
    evidence: "A CSR of this environment in the inventory (every stored CSR passed the policy).",
  },
  {
    id: "inbound.csr-sent",
    direction: "inbound",
    title: "CSR sent to Thales",
    requirement: "The CSR goes to the Thales representative, who signs by hand.",
    evidence: "A CSR marked submitted.",
  },
  {
    id: "inbound.certificate-received",
    direction: "inbound",
    title: "Client certificate received, matched and compliant",
    requirement: "Signed by Thales, for our CSR's key, 5-year validity, passing the policy.",
    evidence:
      "An imported certificate that passed every check, its chain verified to client-cert-issuers (never an unverified one): matched to a CSR of this environment, or adopted (no CSR on record) and checked on its own.",
  },
  {
    id: "inbound.d1-roots-trusted",
    direction: "inbound",
    title: "D1 server roots trusted",
    requirement:
      "Our TLS client trusts the Amazon Trust Services roots D1's server chains to (all five, no pinning).",
    evidence:
      "A probe of a D1 host whose chain verified against this environment's D1 server roots store.",
  },
  {
    id: "inbound.tls-dns",
    direction: "inbound",
    title: "TLS 1.2/1.3 and DNS-only resolution confirmed",
    requirement:
      "Our backend reaches D1 with TLS 1.2 or 1.3 and resolves its host names through DNS every time (no static IPs).",
    evidence:
      "A probe of a D1 host name (not an IP address) that resolved and completed a TLS 1.2 or 1.3 handshake.",
  },
  {
    id: "inbound.oauth-key",
    direction: "inbound",
    title: "OAuth ES256 signing key generated and its public key onboarded",
    requirement:
      "The JWT bearer grant needs an ES256 key pair per environment; Thales holds the public key.",
    evidence: "A signing key of this environment marked onboarded, not retired.",
  },
  {
    id: "outbound.reachable",
    direction: "outbound",
    title: "Our server reachable on 443 or 8443",
    requirement: "D1 calls our host over the internet, on port 443 (preferred) or 8443.",
    evidence:
      "A probe of our server on port 443 or 8443 that connected at a public address (not a private, loopback or link-local one).",
  },
  {
    id: "outbound.tls",
    direction: "outbound",
    title: "Our server speaks TLS 1.2/1.3",
    requirement: "Mutual TLS, version 1.2 or 1.3: our server demands D1's client certificate.",
    evidence:
      "A probe of our server that completed a TLS 1.2 or 1.3 handshake and saw it demand a client certificate.",
  },
  {
    id: "outbound.thales-ca-trusted",
    direction: "outbound",
    title: "Thales Client CA trusted, and not pinned",
    requirement:
      "Our server trusts only the Thales Client CA, never D1's client certificate itself.",
    evidence: "The Thales Client CA store holds at least one CA and no leaf certificate.",
  },
  {
    id: "outbound.server-chain-given",
    direction: "outbound",
    title: "Our server chain given to Thales",
    requirement:
      "Mozilla-recognised, or with a PEM trust store handed to Thales; Thales is told before any change.",
    evidence:
      "A server chain change that Thales acknowledged, or that was switched after notifying Thales.",
  },
  {
    id: "outbound.oauth-client",
    direction: "outbound",
    title: "Outbound OAuth client credentials configured, if used",
    requirement:
      "If Thales calls our /oauth2/token, its client credentials are set in the D1 tenant.",
    evidence: null,
  },
] as const satisfies readonly {
  id: string;
  direction: "inbound" | "outbound";
  title: string;
  requirement: string;
  evidence: string | null;
}[];

export type ChecklistItemId = (typeof CHECKLIST_ITEMS)[number]["id"];
export const isChecklistItemId = (value: string): value is ChecklistItemId =>
  CHECKLIST_ITEMS.some((i) => i.id === value);
