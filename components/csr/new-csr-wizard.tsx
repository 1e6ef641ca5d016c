"use client";
import { useState } from "react";
import type { Env } from "@/lib/policy";
import { registerCsrAction } from "@/lib/csr/actions";
import { GenerateStep, ReviewStep, SaveKeyStep } from "@/components/key-pair/steps";
import { useBrowserKeyPair } from "@/components/key-pair/use-browser-key-pair";
import { CsrSubjectFields, type OrgFields, useCsrSubject } from "./csr-subject";
import { ViolationList, type Problem } from "./violation-list";

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

/**
 * New CSR: the key pair is made and kept in this page's memory (WebCrypto), the private key is
 * offered for download, and only the CSR goes to the server. Nothing is written to storage.
 */
export function NewCsrWizard(props: NewCsrProps) {
  const subject = useCsrSubject(props);
  const keyPair = useBrowserKeyPair<Generated>();
  const { generated } = keyPair;
  const [serverProblems, setServerProblems] = useState<{
    message: string;
    problems: Problem[];
  } | null>(null);
  const { keyType, org, commonName, overrideCn, overrideReason } = subject;

  async function generate() {
    subject.touchAll();
    if (!subject.formValid) return;
    await keyPair.generate(async () => {
      // User Timing marks: `npm run bench:csr` reads click-to-PEM from them.
      performance.clearMarks("csr:click");
      performance.mark("csr:click");
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
      return {
        csrPem: result.csrPem,
        privateKey: result.keys.privateKey,
        publicKeySha256: result.publicKeySha256,
        commonName,
        problems,
      };
    });
  }

  const save = () =>
    keyPair.save(async (csr) => {
      const result = await registerCsrAction(props.environmentId, {
        pem: csr.csrPem,
        origin: "browser",
        ...(overrideCn ? { cnOverrideReason: overrideReason } : {}),
        renewalId: props.renewal?.id,
      });
      if (result.id && !result.message)
        return props.renewal ? props.renewal.path : `${props.detailPath}/${result.id}?created=1`;
      setServerProblems({
        message: result.message ?? "The server refused the CSR.",
        problems: result.violations ?? [],
      });
      return null;
    });

  return (
    <div className="space-y-6">
      <GenerateStep
        title="1. Key and subject"
        keyPair={keyPair}
        keyType={keyType}
        buttonLabel="Generate key pair and CSR"
        buttonDisabled={subject.touched.C && !subject.formValid}
        promise="The private key is made in this browser and never sent anywhere."
        onGenerate={generate}
      >
        <CsrSubjectFields
          subject={subject}
          cnTemplate={props.cnTemplate}
          canOverrideCn={props.canOverrideCn}
          disabled={keyPair.phase !== "edit"}
        />
      </GenerateStep>

      <SaveKeyStep keyPair={keyPair} fileStemFrom={generated?.commonName ?? ""} />

      {generated && (
        <ReviewStep
          title="3. Keep the CSR"
          keyPair={keyPair}
          confirmation="Without it the certificate Thales signs is useless."
          confirmationClassName="mt-2"
          submitLabel="Save CSR to the inventory"
          onSubmit={save}
        >
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
        </ReviewStep>
      )}
    </div>
  );
}
