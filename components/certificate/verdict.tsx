import Link from "next/link";
import { Badge } from "@/components/ui/card";
import type { CertificateVerdict } from "@/lib/policy";

const LABEL = {
  compliant: "compliant",
  unverified: "UNVERIFIED",
  non_compliant: "NON-COMPLIANT",
} as const;
const TONE = { compliant: "green", unverified: "amber", non_compliant: "red" } as const;

/** The verdict, and "adopted" for a certificate with no CSR on record (checked on its own). */
export function VerdictBadges({
  verdict,
  adopted,
}: {
  verdict: CertificateVerdict;
  adopted: boolean;
}) {
  return (
    <span className="inline-flex gap-1" data-verdict={verdict}>
      <Badge tone={TONE[verdict]}>{LABEL[verdict]}</Badge>
      {adopted && <Badge tone="slate">adopted</Badge>}
    </span>
  );
}

/** What to do about an unverified certificate: trust comes only from client-cert-issuers. */
export function UnverifiedAction({ trustStoresPath }: { trustStoresPath: string }) {
  return (
    <div
      role="note"
      className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm dark:bg-amber-950"
    >
      <p className="font-medium">Unverified: nobody has vouched for the CA that signed it.</p>
      <p className="mt-1">
        Add the Thales CA you received at onboarding to{" "}
        <Link
          href={`${trustStoresPath}#client-cert-issuers`}
          className="text-blue-700 underline dark:text-blue-300"
        >
          the client-cert-issuers trust store
        </Link>
        . This certificate is then judged again, without a new import.
      </p>
    </div>
  );
}
