"use client";
import Link from "next/link";
import { useActionState, useRef, useState } from "react";
import { importCertificateAction, type ImportState } from "@/lib/certificate/actions";
import { Button } from "@/components/ui/button";
import type { CertificateOutcome } from "@/lib/certificate/import";
import { CheckList } from "./check-list";
import { UploadField } from "./upload-field";
import { UnverifiedAction, VerdictBadges } from "./verdict";

type FoundCa = { sha256: string; subjectDn: string; name: string; selfIssued: boolean };

/** The CA certificates of what is about to be uploaded, read in the browser (nothing is sent). */
async function casOf(files: File[], text: string): Promise<FoundCa[]> {
  const { parseCertificateBundle } = await import("@/lib/pki");
  const inputs: (string | Uint8Array)[] = await Promise.all(
    files.map(async (f) => new Uint8Array(await f.arrayBuffer())),
  );
  if (text.trim()) inputs.push(text);
  const found = new Map<string, FoundCa>();
  for (const input of inputs) {
    try {
      for (const c of (await parseCertificateBundle(input)).certificates) {
        if (c.isCa)
          found.set(c.sha256, {
            sha256: c.sha256,
            subjectDn: c.subjectDn,
            name: c.subject.CN ?? c.subjectDn,
            selfIssued: c.selfIssued,
          });
      }
    } catch {
      // Unreadable input: the server says why when it is sent.
    }
  }
  return [...found.values()];
}

export function ImportCertificateForm({
  environmentId,
  basePath,
  trustStoresPath,
  maxBytes,
  isAdmin,
}: {
  environmentId: string;
  basePath: string;
  trustStoresPath: string;
  maxBytes: number;
  isAdmin: boolean;
}) {
  const [state, action, pending] = useActionState<ImportState, FormData>(
    importCertificateAction.bind(null, environmentId),
    {},
  );
  const [cas, setCas] = useState<FoundCa[]>([]);
  const latest = useRef(0);
  const onInput = (files: File[], text: string) => {
    const run = ++latest.current;
    void casOf(files, text).then((found) => run === latest.current && setCas(found));
  };
  const outcomes = state.certificates ?? [];
  return (
    <div className="space-y-6">
      {state.message && (
        <div
          role="alert"
          className={`rounded-md border p-4 text-sm ${state.code === "private_key_exposed" ? "border-amber-400 bg-amber-50 dark:bg-amber-950" : "border-red-300 bg-red-50 dark:bg-red-950"}`}
        >
          {state.message} {state.code && <code className="text-xs">{state.code}</code>}
        </div>
      )}
      {outcomes.length > 0 && (
        <div role="status" className="space-y-3">
          <p className="font-medium">
            {outcomes.length === 1 ? "" : `${outcomes.length} certificates in the upload: `}
            {summary(outcomes)}
            {state.issuersAdded
              ? ` ${state.issuersAdded} CA certificate${state.issuersAdded > 1 ? "s" : ""} added to client-cert-issuers.`
              : ""}
          </p>
          <ul className="space-y-3" aria-label="Certificates of the upload">
            {outcomes.map((o) => (
              <li
                key={o.sha256}
                className={`rounded-md border p-4 ${tone(o)}`}
                data-testid="import-outcome"
              >
                <p className="mb-2 flex flex-wrap items-center gap-2">
                  <span className="font-mono text-sm">{o.commonName || o.subjectDn}</span>
                  {o.stored ? (
                    <VerdictBadges verdict={o.verdict} adopted={o.adopted} />
                  ) : (
                    <span className="text-sm font-medium text-red-800 dark:text-red-300">
                      Not stored: {o.message} <code className="text-xs">{o.code}</code>
                    </span>
                  )}
                </p>
                {o.stored && (
                  <>
                    <p className="mb-3 text-sm">{headline(o)}</p>
                    {o.verdict === "unverified" && (
                      <div className="mb-3">
                        <UnverifiedAction trustStoresPath={trustStoresPath} />
                      </div>
                    )}
                    <CheckList checks={o.checks} />
                    <Link
                      href={`${basePath}/${o.id}`}
                      className="mt-3 inline-block text-sm text-blue-700 underline dark:text-blue-300"
                    >
                      Open the certificate
                    </Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form action={action} className="space-y-4">
        <UploadField
          maxBytes={maxBytes}
          accept=".pem,.crt,.cer,.der,.p7b,.p7c"
          placeholder="-----BEGIN CERTIFICATE-----"
          multiple
          onInput={onInput}
        />
        {cas.length > 0 && (
          <fieldset className="space-y-2 rounded-md border border-slate-300 p-3 text-sm dark:border-slate-600">
            <legend className="px-1 font-medium">CA certificates found in this upload</legend>
            <p className="text-slate-600 dark:text-slate-400">
              A CA that comes with the certificate does not make it trusted: only
              client-cert-issuers does.
              {isAdmin
                ? " Tick a CA only if it is the Thales CA you received at onboarding; it is added to client-cert-issuers (audited) before the import."
                : " An admin can add it to client-cert-issuers."}
            </p>
            {cas.map((ca) => (
              <label key={ca.sha256} className="flex items-start gap-2">
                <input
                  type="checkbox"
                  name="addIssuer"
                  value={ca.sha256}
                  disabled={!isAdmin}
                  className="mt-1"
                />
                <span>
                  Add <span className="font-medium">{ca.name}</span> to client-cert-issuers{" "}
                  <span className="text-slate-600 dark:text-slate-400">
                    ({ca.selfIssued ? "root" : "intermediate"}, SHA-256 {ca.sha256.slice(0, 16)}…)
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <Button type="submit" disabled={pending}>
          {pending ? "Checking…" : "Check and import"}
        </Button>
      </form>
    </div>
  );
}

function summary(outcomes: CertificateOutcome[]): string {
  const stored = outcomes.filter((o) => o.stored).length;
  const refused = outcomes.length - stored;
  return `${stored} stored${refused > 0 ? `, ${refused} not stored` : ""}.`;
}

function tone(o: CertificateOutcome): string {
  if (!o.stored || o.verdict === "non_compliant") return "border-red-300 bg-red-50 dark:bg-red-950";
  return o.verdict === "unverified"
    ? "border-amber-400 bg-amber-50 dark:bg-amber-950"
    : "border-green-300 bg-green-50 dark:bg-green-950";
}

function headline(o: Extract<CertificateOutcome, { stored: true }>): string {
  const adopted = o.adopted
    ? " It is adopted: no CSR on record has its key, so it was checked on its own."
    : "";
  if (o.verdict === "compliant") return `Imported: the certificate is compliant.${adopted}`;
  if (o.verdict === "unverified")
    return `Imported as UNVERIFIED (not compliant): its chain could not be checked against a CA you trust.${adopted}`;
  return `Imported as NON-COMPLIANT: fix the failures below before deploying it.${adopted}`;
}
