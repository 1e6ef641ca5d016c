"use client";
import { useMemo, useState } from "react";
import { renderCommonName, validateSubjectField, type CsrKeyType, type Env } from "@/lib/policy";
import { Field } from "@/components/ui/field";
import type { Problem } from "./violation-list";

export type OrgFields = { C: string; ST: string; L: string; O: string; OU: string };
type Touched = Partial<Record<keyof OrgFields | "CN", boolean>>;

const ORG_FIELDS: { field: keyof OrgFields; label: string; hint?: string }[] = [
  { field: "C", label: "Country (C)", hint: "Two capital letters, e.g. FR." },
  { field: "ST", label: "State or province (ST)" },
  { field: "L", label: "Locality (L)" },
  { field: "O", label: "Organisation (O)" },
  { field: "OU", label: "Organisational unit (OU)" },
];

/**
 * The key type and subject of a new CSR: the organisation fields, the CN from the gateway's
 * template (or an admin's override, with a reason), and what the policy says of each as typed.
 */
export function useCsrSubject(o: {
  cnTemplate: string;
  merchantGatewayId: string;
  env: Env;
  defaults: OrgFields;
}) {
  const [keyType, setKeyType] = useState<CsrKeyType>("RSA");
  const [org, setOrg] = useState<OrgFields>(o.defaults);
  const [touched, setTouched] = useState<Touched>({});
  const [overrideCn, setOverrideCn] = useState(false);
  const [cnOverride, setCnOverride] = useState("");
  const [overrideReason, setOverrideReason] = useState("");

  const templateCn = renderCommonName(o.cnTemplate, {
    keyType,
    merchantGatewayId: o.merchantGatewayId,
    env: o.env,
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

  return {
    keyType,
    setKeyType,
    org,
    setOrg,
    touched,
    setTouched,
    /** Every field shows its problem from now on (a generate click). */
    touchAll: () => setTouched({ C: true, ST: true, L: true, O: true, OU: true, CN: true }),
    overrideCn,
    setOverrideCn,
    cnOverride,
    setCnOverride,
    overrideReason,
    setOverrideReason,
    templateCn,
    commonName,
    fieldProblems,
    reasonMissing,
    formValid,
  };
}

/** The form of step 1: key type, organisation fields and the CN (with the admin's override). */
export function CsrSubjectFields({
  subject,
  cnTemplate,
  canOverrideCn,
  disabled,
}: {
  subject: ReturnType<typeof useCsrSubject>;
  cnTemplate: string;
  canOverrideCn: boolean;
  disabled: boolean;
}) {
  const {
    keyType,
    setKeyType,
    org,
    setOrg,
    touched,
    setTouched,
    overrideCn,
    setOverrideCn,
    cnOverride,
    setCnOverride,
    overrideReason,
    setOverrideReason,
    templateCn,
    fieldProblems,
    reasonMissing,
  } = subject;
  return (
    <fieldset disabled={disabled} className="space-y-5">
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
          From this gateway&apos;s CN template <code>{cnTemplate}</code>.
        </p>
        {canOverrideCn ? (
          <label className="mt-3 flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={overrideCn}
              onChange={(e) => {
                setOverrideCn(e.target.checked);
                setCnOverride(templateCn);
              }}
            />
            Use a different CN (admin; only if Thales asked for it; the reason is shown on the CSR
            and audited)
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
  );
}
