"use client";
import Link from "next/link";
import { useActionState } from "react";
import { importCertificateAction, type ImportState } from "@/app/(app)/gateways/[merchantGatewayId]/[env]/certificates/actions";
import { Button } from "@/components/ui/button";
import { CheckList } from "./check-list";
import { UploadField } from "./upload-field";

export function ImportCertificateForm({ environmentId, basePath, maxBytes }: { environmentId: string; basePath: string; maxBytes: number }) {
  const [state, action, pending] = useActionState<ImportState, FormData>(importCertificateAction.bind(null, environmentId), {});
  return (
    <div className="space-y-6">
      {state.message && (
        <div role="alert" className={`rounded-md border p-4 text-sm ${state.code === "private_key_exposed" ? "border-amber-400 bg-amber-50 dark:bg-amber-950" : "border-red-300 bg-red-50 dark:bg-red-950"}`}>
          {state.message}
        </div>
      )}
      {state.id && state.checks && (
        <div role="status" className={`rounded-md border p-4 ${state.compliant ? "border-green-300 bg-green-50 dark:bg-green-950" : "border-red-300 bg-red-50 dark:bg-red-950"}`}>
          <p className="mb-3 font-medium">
            {state.compliant ? "Imported: the certificate is compliant." : "Imported as NON-COMPLIANT: fix the failures below before deploying it."}
          </p>
          <CheckList checks={state.checks} />
          <Link href={`${basePath}/${state.id}`} className="mt-3 inline-block text-sm text-blue-700 underline dark:text-blue-300">Open the certificate</Link>
        </div>
      )}
      <form action={action} className="space-y-4">
        <UploadField maxBytes={maxBytes} accept=".pem,.crt,.cer,.der,.p7b,.p7c" placeholder="-----BEGIN CERTIFICATE-----" />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="addIssuers" />
          Also add the CA certificates of this bundle to the client-cert-issuers trust store
        </label>
        <Button type="submit" disabled={pending}>{pending ? "Checking…" : "Check and import"}</Button>
      </form>
    </div>
  );
}
