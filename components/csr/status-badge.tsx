import { Badge } from "@/components/ui/card";

const TONES = {
  generated: "blue",
  submitted: "amber",
  fulfilled: "green",
  cancelled: "slate",
} as const;

export function CsrStatusBadge({ status }: { status: string }) {
  return <Badge tone={TONES[status as keyof typeof TONES] ?? "slate"}>{status}</Badge>;
}

export const keyLabel = (csr: { keyType: string; keySize: number | null; curve: string | null }) =>
  csr.keyType === "RSA"
    ? `RSA ${csr.keySize ?? "?"}`
    : csr.keyType === "ECDSA"
      ? `ECDSA ${csr.curve ?? "?"}`
      : csr.keyType;
