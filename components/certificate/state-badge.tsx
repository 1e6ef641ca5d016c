import { Badge } from "@/components/ui/card";
import type { CertificateState } from "@/lib/renewal/dates";

const TONES = { active: "green", expiring: "amber", expired: "red", superseded: "slate", revoked: "red" } as const;

export function CertificateStateBadge({ state }: { state: CertificateState }) {
  return <Badge tone={TONES[state]}>{state}</Badge>;
}

export function ComplianceBadge({ compliant }: { compliant: boolean }) {
  return compliant ? <Badge tone="green">compliant</Badge> : <Badge tone="red">NON-COMPLIANT</Badge>;
}
