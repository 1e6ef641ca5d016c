// What a reminder delivery can be about (ADR 0023). Certificates are the original
// kind (ADR 0007); trust-store entries, findings and the yearly review share the delivery table,
// its unique key (targetKind, targetKey, subject, threshold, channel), the claim and the retries.
import type { TrustStoreSlug } from "@/lib/trust-store/kinds";

export const TARGET_KINDS = ["certificate", "trust-store-entry", "finding", "review"] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** A trust-store entry's two dates: the day to start replacing it, and its expiry. */
export const TRUST_ENTRY_SUBJECTS = ["start-by", "expiry"] as const;
export type TrustEntrySubject = (typeof TRUST_ENTRY_SUBJECTS)[number];

/** A finding goes out once per channel: its threshold is always this. */
export const FINDING_SUBJECT = "finding";
export const FINDING_THRESHOLD = "once";
export const REVIEW_SUBJECT = "review";

/**
 * How long before an entry expires its replacement must start, per store (ADR 0023), and what to
 * do. `lead` gets the environment's renewal lead time in force (gateway setting or override).
 *
 * - our-server-chain: we renew it, and Thales must be told before our CA changes (DOMAIN.md), so
 *   it gets the same lead as our client certificate.
 * - thales-client-ca, client-cert-issuers: Thales owns them, and a new one must come from Thales
 *   and be deployed before the old expires; Thales works by hand, in weeks. The partner's page is
 *   silent on how early Thales announces a new CA: we take the same lead as a certificate's.
 * - d1-server-roots: public roots (Amazon Trust Services); a new root ships with every operating
 *   system and Mozilla's store years ahead, and updating our list is a configuration change: 30
 *   days. The partner's page is silent on D1 ever changing its root.
 */
export const TRUST_ENTRY_RULES: Record<
  TrustStoreSlug,
  { lead: (renewalLeadDays: number) => number; what: string; action: string; overdueAction: string }
> = {
  "our-server-chain": {
    lead: (renewalLeadDays) => renewalLeadDays,
    what: "our server chain",
    action:
      "Renew our server certificate (or get the new CA certificate) and notify Thales first: Thales must trust the new chain before we present it.",
    overdueAction:
      "This date has passed: renew our server certificate now, notify Thales of the new chain, then deploy it before the expiry, or D1's calls to us fail.",
  },
  "thales-client-ca": {
    lead: (renewalLeadDays) => renewalLeadDays,
    what: "the Thales Client CA",
    action:
      "Ask Thales for the new Client CA, add it to this store beside the old one (never pin D1's leaf), and remove the old one after the change.",
    overdueAction:
      "This date has passed: ask Thales for the new Client CA now; once this CA expires our server refuses D1's client certificate.",
  },
  "client-cert-issuers": {
    lead: (renewalLeadDays) => renewalLeadDays,
    what: "a client-certificate issuer",
    action:
      "Ask Thales for the new issuing CA chain, add it to this store, and plan our client certificate's renewal under it (Thales signs by hand).",
    overdueAction:
      "This date has passed: ask Thales for the new issuing CA chain now; a client certificate issued under an expired CA is refused.",
  },
  "d1-server-roots": {
    lead: () => 30,
    what: "a D1 server root",
    action:
      "Add Amazon Trust Services' replacement root (Amazon recommends trusting all five of its roots) before this root expires; never pin D1's leaf.",
    overdueAction:
      "This date has passed: add Amazon Trust Services' replacement root now, or our client stops trusting D1's server once this root expires.",
  },
};

/** The largest lead any store uses for a given renewal lead time (the SQL window's bound). */
export const widestTrustLead = (renewalLeadDays: number) =>
  Math.max(...Object.values(TRUST_ENTRY_RULES).map((r) => r.lead(renewalLeadDays)));

/** The key of an environment-scoped finding: unique across environments. */
export const findingTargetKey = (environmentId: string, key: string) =>
  `${environmentId}:${key}`.slice(0, 500);
