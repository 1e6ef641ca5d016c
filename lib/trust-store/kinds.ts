import type { TrustStoreKind as DbKind } from "@/lib/db/generated/enums";

/**
 * The four trust stores of an environment. The slug is what URLs and the API use; the rules
 * say what each may hold and why (DOMAIN.md).
 */
export const TRUST_STORE_KINDS = {
  "client-cert-issuers": {
    db: "client_cert_issuers",
    title: "Client certificate issuers",
    description:
      "The Thales CA chain that issues our client certificate. Imports are checked against it; our TLS client presents it.",
    caOnly: true,
    leafRefusal:
      "This store holds the CAs that issue our client certificate; a leaf certificate does not belong here.",
  },
  "d1-server-roots": {
    db: "d1_server_roots",
    title: "D1 server roots",
    description:
      "What our TLS client trusts for D1's server: the Amazon Trust Services roots (all five, as Amazon recommends).",
    caOnly: true,
    leafRefusal:
      "Trust D1's server through its root CAs, not through a leaf: Amazon does not support pinning, and the leaf changes at each renewal.",
  },
  "thales-client-ca": {
    db: "thales_client_ca",
    title: "Thales Client CA",
    description:
      "What our outbound server trusts to authenticate D1's client certificate. CA certificates only.",
    caOnly: true,
    leafRefusal:
      "This is a leaf (end-entity) certificate, not a CA. Trusting D1's client certificate itself is pinning, and pinning breaks when Thales rotates that certificate, which it may do at any time without notice. Add the Thales Client CA that issued it instead.",
  },
  "our-server-chain": {
    db: "our_server_chain",
    title: "Our server chain",
    description:
      "The server certificate chain we hand to Thales. If it does not chain to a Mozilla-recognised root, Thales needs a PEM trust store from us.",
    caOnly: false,
    leafRefusal: "",
  },
} as const satisfies Record<
  string,
  { db: DbKind; title: string; description: string; caOnly: boolean; leafRefusal: string }
>;

export type TrustStoreSlug = keyof typeof TRUST_STORE_KINDS;
export const TRUST_STORE_SLUGS = Object.keys(TRUST_STORE_KINDS) as TrustStoreSlug[];

export const isTrustStoreSlug = (value: string): value is TrustStoreSlug =>
  value in TRUST_STORE_KINDS;

export function slugOf(kind: DbKind): TrustStoreSlug {
  return TRUST_STORE_SLUGS.find((slug) => TRUST_STORE_KINDS[slug].db === kind)!;
}
