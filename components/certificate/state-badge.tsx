import { Badge } from "@/components/ui/card";
import type { CertificateState } from "@/lib/renewal/dates";
import type { CertificateVerdict } from "@/lib/policy";

const TONES = {
  active: "green",
  expiring: "amber",
  expired: "red",
  superseded: "slate",
  revoked: "red",
} as const;

export function CertificateStateBadge({ state }: { state: CertificateState }) {
  return <Badge tone={TONES[state]}>{state}</Badge>;
}

/** A row's verdict when it is not compliant: nobody trusted its CA yet (amber), or a check failed (red). */
export function ComplianceBadge({ verdict }: { verdict: CertificateVerdict }) {
  if (verdict === "compliant") return <Badge tone="green">compliant</Badge>;
  return verdict === "unverified" ? (
    <Badge tone="amber">UNVERIFIED</Badge>
  ) : (
    <Badge tone="red">NON-COMPLIANT</Badge>
  );
}
