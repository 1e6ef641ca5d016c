"use client";
import { useEffect, useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { renderCommonName, validateSubjectField, type CsrKeyType, type Env } from "@/lib/policy";
import { registerCsrAction } from "@/lib/csr/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Card } from "@/components/ui/card";
import { ViolationList, type Problem } from "./violation-list";
import { GenerationProgress } from "./generation-progress";
import { KeyProtection } from "./key-protection";

type OrgFields = { C: string; ST: string; L: string; O: string; OU: string };
export type NewCsrProps = {
  environmentId: string;
  merchantGatewayId: string;
  env: Env;
  cnTemplate: string;
  /** Admins only: accepting a CN other than the template's is their act, with a reason. */
  canOverrideCn: boolean;
  defaults: OrgFields;
  detailPath: string;
  /** Set when this CSR is step 1 of a renewal: it joins that renewal once stored. */
  renewal?: { id: string; path: string };
};
type Generated = {
  csrPem: string;
  privateKey: CryptoKey;
  publicKeySha256: string;
  commonName: string;
  problems: Problem[];
};

const ORG_FIELDS: { field: keyof OrgFields; label: string; hint?: string }[] = [
  { field: "C", label: "Country (C)", hint: "Two capital letters, e.g. FR." },
  { field: "ST", label: "State or province (ST)" },
  { field: "L", label: "Locality (L)" },
  { field: "O", label: "Organisation (O)" },
  { field: "OU", label: "Organisational unit (OU)" },
];

/**
 * New CSR: the key pair is made and kept in this page's memory (WebCrypto), the private key is
 * offered for download, and only the CSR goes to the server. Nothing is written to storage.
 */
export function NewCsrWizard(props: NewCsrProps) {
  const router = useRouter();
  const [keyType, setKeyType] = useState<CsrKeyType>("RSA");
  const [org, setOrg] = useState<OrgFields>(props.defaults);
  const [touched, setTouched] = useState<Partial<Record<keyof OrgFields | "CN", boolean>>>({});
  const [overrideCn, setOverrideCn] = useState(false);
  const [cnOverride, setCnOverride] = useState("");
  const [overrideReason, setOverrideReason] = useState("");
  const [phase, setPhase] = useState<"edit" | "generating" | "protect" | "saving">("edit");
  const [generated, setGenerated] = useState<Generated | null>(null);
  const [keySaved, setKeySaved] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [serverProblems, setServerProblems] = useState<{
    message: string;
    problems: Problem[];
  } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const templateCn = renderCommonName(props.cnTemplate, {
    keyType,
    merchantGatewayId: props.merchantGatewayId,
    env: props.env,
  });
  const commonName = overrideCn ? cnOverride : templateCn;
  const fieldProblems = useMemo(() => {
    const entries = ORG_FIELDS.map(
      ({ field }) => [field, validateSubjectField(field, org[field])] as const,
    );
    return Object.fromEntries([
      ...entries,
      ["CN", validateSubjectField("CN", commonName)],
    ]) as Record<keyof OrgFields | "CN", Problem[]>;
  }, [org, commonName]);
  const reasonMissing = overrideCn && overrideReason.trim() === "";
  const formValid = Object.values(fieldProblems).every((p) => p.length === 0) && !reasonMissing;

  // A generated key that was not saved is lost with the page: warn before leaving.
  useEffect(() => {
    if (!generated || keySaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [generated, keySaved]);

  async function generate() {
    setTouched({ C: true, ST: true, L: true, O: true, OU: true, CN: true });
    if (!formValid) return;
    setError(null);
    setPhase("generating");
    // User Timing marks: `npm run bench:csr` reads click-to-PEM from them.
    performance.clearMarks("csr:click");
    performance.mark("csr:click");
    try {
      // The PKI code loads only here, when it is needed.
      const [{ generateCsr, parseCsr }, { checkCsr }] = await Promise.all([
        import("@/lib/pki"),
        import("@/lib/policy"),
      ]);
      const result = await generateCsr({ keyType, subject: { ...org, CN: commonName } });
      performance.measure("csr:click-to-pem", "csr:click");
      const parsed = await parseCsr(result.csrPem);
      // Warnings do not refuse; the wizard's own CSRs have none (canonical order, no extensions).
      const problems = checkCsr(parsed, {
        cnTemplate: props.cnTemplate,
        merchantGatewayId: props.merchantGatewayId,
        env: props.env,
      }).filter((p) => !(overrideCn && p.code === "subject.cn_mismatch"));
      setGenerated({
        csrPem: result.csrPem,
        privateKey: result.keys.privateKey,
        publicKeySha256: result.publicKeySha256,
        commonName,
        problems,
      });
      setPhase("protect");
    } catch (e) {
      setError(`The key pair could not be generated in this browser: ${(e as Error).message}`);
      setPhase("edit");
    }
  }

  async function save() {
    if (!generated) return;
    setPhase("saving");
    const result = await registerCsrAction(props.environmentId, {
      pem: generated.csrPem,
      origin: "browser",
      ...(overrideCn ? { cnOverrideReason: overrideReason } : {}),
      renewalId: props.renewal?.id,
    });
    if (result.id && !result.message) {
      setGenerated(null); // drop the key from memory
      router.push(
        props.renewal ? props.renewal.path : `${props.detailPath}/${result.id}?created=1`,
      );
      return;
    }
    setServerProblems({
      message: result.message ?? "The server refused the CSR.",
      problems: result.violations ?? [],
    });
    setPhase("protect");
  }

  const locked = phase !== "edit";
  return (
    <div className="space-y-6">
      <Card title="1. Key and subject">
        <fieldset disabled={locked} className="space-y-5">
          <legend className="sr-only">Key type and subject</legend>
          <div role="radiogroup" aria-label="Key type" className="flex flex-wrap gap-3">
            {(["RSA", "ECDSA"] as const).map((type) => (
              <label
                key={type}
                className={`flex cursor-pointer items-center gap-2 rounded-md border px-4 py-3 text-sm ${keyType === type ? "border-blue-600 bg-blue-50 dark:bg-blue-950" : "border-slate-300 dark:border-slate-600"}`}
              >
                <input
                  type="radio"
                  name="keyType"
                  value={type}
                  checked={keyType === type}
                  onChange={() => setKeyType(type)}
                />
                <span>
                  <span className="font-medium">{type === "RSA" ? "RSA 4096" : "ECDSA P-256"}</span>
                  <span className="block text-xs text-slate-600 dark:text-slate-400">
                    {type === "RSA"
                      ? "Widest support; generation takes a few seconds"
                      : "Small and fast"}
                  </span>
                </span>
              </label>
            ))}
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            {ORG_FIELDS.map(({ field, label, hint }) => (
              <Field
                key={field}
                label={label}
                name={field}
                value={org[field]}
                hint={hint}
                maxLength={field === "C" ? 2 : 64}
                onChange={(e) =>
                  setOrg({
                    ...org,
                    [field]: field === "C" ? e.target.value.toUpperCase() : e.target.value,
                  })
                }
                onBlur={() => setTouched({ ...touched, [field]: true })}
                error={touched[field] || org[field] ? fieldProblems[field][0]?.message : undefined}
              />
            ))}
          </div>
          <div className="rounded-md bg-slate-100 p-4 dark:bg-slate-800">
            <p className="text-sm font-medium">Common Name (CN)</p>
            <p className="mt-1 font-mono text-sm" data-testid="computed-cn">
              {templateCn}
            </p>
            <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
              From this gateway&apos;s CN template <code>{props.cnTemplate}</code>.
            </p>
            {props.canOverrideCn ? (
              <label className="mt-3 flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={overrideCn}
                  onChange={(e) => {
                    setOverrideCn(e.target.checked);
                    setCnOverride(templateCn);
                  }}
                />
                Use a different CN (admin; only if Thales asked for it; the reason is shown on the
                CSR and audited)
              </label>
            ) : (
              <p className="mt-3 text-xs text-slate-600 dark:text-slate-400">
                Only an admin can use a different CN.
              </p>
            )}
            {overrideCn && (
              <div className="mt-3 space-y-3">
                <Field
                  label="CN override"
                  name="cnOverride"
                  value={cnOverride}
                  className="font-mono"
                  onChange={(e) => setCnOverride(e.target.value)}
                  error={fieldProblems.CN[0]?.message}
                />
                <Field
                  label="Reason for the override"
                  name="cnOverrideReason"
                  value={overrideReason}
                  maxLength={500}
                  required
                  hint="Who at Thales asked for this CN, and where (ticket, email)."
                  onChange={(e) => setOverrideReason(e.target.value)}
                  // The Generate button is disabled while this is empty: say why as soon as the form was touched.
                  error={
                    (touched.CN || touched.C) && reasonMissing
                      ? "Give a reason for the override."
                      : undefined
                  }
                />
              </div>
            )}
          </div>
        </fieldset>
        {phase === "edit" && (
          <div className="mt-5">
            <Button onClick={generate} disabled={touched.C && !formValid}>
              Generate key pair and CSR
            </Button>
            <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
              The private key is made in this browser and never sent anywhere.
            </p>
          </div>
        )}
        {error && (
          <p role="alert" className="mt-4 text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
        {phase === "generating" && <GenerationProgress keyType={keyType} />}
      </Card>

      {generated && (phase === "protect" || phase === "saving") && (
        <Card title="2. Save the private key">
          <KeyProtection
            privateKey={generated.privateKey}
            fileStemFrom={generated.commonName}
            onSaved={() => setKeySaved(true)}
          />
        </Card>
      )}

      {generated && (phase === "protect" || phase === "saving") && (
        <Card title="3. Keep the CSR">
          <dl className="mb-4 grid gap-2 text-sm sm:grid-cols-[auto_1fr]">
            <dt className="text-slate-600 dark:text-slate-400">CN</dt>
            <dd className="font-mono">{generated.commonName}</dd>
            <dt className="text-slate-600 dark:text-slate-400">Public-key SHA-256</dt>
            <dd className="break-all font-mono text-xs">{generated.publicKeySha256}</dd>
          </dl>
          {generated.problems.length === 0 ? (
            <p
              className="mb-4 text-sm text-green-800 dark:text-green-300"
              data-testid="local-policy-ok"
            >
              ✓ This CSR meets the partner&apos;s policy.
            </p>
          ) : (
            <>
              <ViolationList
                title="This CSR would be refused:"
                problems={generated.problems.filter((p) => !p.severity)}
              />
              <ViolationList
                title="Warnings:"
                problems={generated.problems.filter((p) => p.severity)}
                tone="amber"
              />
            </>
          )}
          {serverProblems && (
            <ViolationList title={serverProblems.message} problems={serverProblems.problems} />
          )}
          <label className="mt-2 flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              checked={confirmed}
              disabled={!keySaved}
              onChange={(e) => setConfirmed(e.target.checked)}
              className="mt-1"
            />
            <span>
              I have saved the private key file somewhere safe. Without it the certificate Thales
              signs is useless.
              {!keySaved && (
                <span className="block text-xs text-slate-600 dark:text-slate-400">
                  Download the key first (step 2).
                </span>
              )}
            </span>
          </label>
          <Button className="mt-4" onClick={save} disabled={!confirmed || phase === "saving"}>
            {phase === "saving" ? "Saving…" : "Save CSR to the inventory"}
          </Button>
        </Card>
      )}
    </div>
  );
}
