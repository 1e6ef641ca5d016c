import type { InstallationDto } from "@/lib/installation/dto";
import { PROOF_TEXT } from "@/lib/installation/proof";

const TONES = {
  expected:
    "border-green-300 bg-green-50 text-green-950 dark:border-green-800 dark:bg-green-950 dark:text-green-100",
  unexpected:
    "border-red-400 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100",
  "no-record":
    "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100",
  "no-certificate":
    "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100",
  "not-probed":
    "border-slate-300 bg-slate-50 text-slate-900 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100",
} as const;

/** What the latest outbound probe proves about our server's installation (ADR 0022). */
export function ProofBadge({ proof }: { proof: NonNullable<InstallationDto["proof"]> }) {
  return (
    <div
      className={`mt-2 space-y-1 rounded-md border p-2 text-xs ${TONES[proof.verdict]}`}
      data-testid="server-proof"
      data-verdict={proof.verdict}
    >
      <p className="font-medium">{PROOF_TEXT[proof.verdict]}</p>
      {proof.presentedSha256 && (
        <p>
          Presented leaf SHA-256{" "}
          <span className="break-all font-mono" data-testid="presented-sha256">
            {proof.presentedSha256}
          </span>
          {proof.presentedSubject && <> ({proof.presentedSubject})</>}
        </p>
      )}
      {proof.probedAt && <p>Probed {proof.probedAt.slice(0, 16).replace("T", " ")} UTC</p>}
      {proof.verdict === "unexpected" && proof.expectedSha256.length > 0 && (
        <p>
          Expected <span className="break-all font-mono">{proof.expectedSha256.join(", ")}</span>
        </p>
      )}
    </div>
  );
}
