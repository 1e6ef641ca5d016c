"use client";
import { useActionState } from "react";
import { useSavedToast } from "@/components/ui/toast";
import {
  setTokenEndpointAction,
  type TokenEndpointFormState,
} from "@/lib/signing-key/token-endpoint-actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/** Admin form: this environment's OAuth token endpoint, or blank for the partner's default. */
export function TokenEndpointForm({
  environmentId,
  value,
  partnerDefault,
  partnerServer,
}: {
  environmentId: string;
  value: string | null;
  partnerDefault: string;
  partnerServer: string;
}) {
  const [state, action, pending] = useActionState<TokenEndpointFormState, FormData>(
    setTokenEndpointAction.bind(null, environmentId),
    {},
  );
  useSavedToast(state, "Token endpoint saved.");
  return (
    <form action={action} className="mt-3 space-y-2" noValidate>
      <Field
        label="Token endpoint (aud)"
        name="oauthTokenEndpoint"
        type="url"
        inputMode="url"
        defaultValue={value ?? ""}
        placeholder={partnerDefault}
        error={state.fields?.oauthTokenEndpoint}
        hint={
          <>
            https only. Blank: the partner&apos;s {partnerServer} server,{" "}
            <code>{partnerDefault}</code>.
          </>
        }
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Saving…" : "Save token endpoint"}
        </Button>
        {state.saved && (
          <p role="status" className="text-sm text-green-800 dark:text-green-300">
            Saved. New assertions name it as their aud.
          </p>
        )}
        {state.message && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {state.message}
          </p>
        )}
      </div>
    </form>
  );
}
