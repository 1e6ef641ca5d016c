"use server";
import { revalidatePath } from "next/cache";
import { actionContext } from "@/lib/auth/action-context";
import { tokenEndpointSchema } from "@/lib/signing-key/token-endpoint";
import { setTokenEndpoint } from "@/lib/signing-key/token-endpoint-mutation";
import { fieldErrors } from "@/lib/validation/field-errors";

export type TokenEndpointFormState = {
  fields?: Record<string, string>;
  message?: string;
  saved?: boolean;
};

/** An empty field clears the setting: the partner's default for the environment applies again. */
export async function setTokenEndpointAction(
  environmentId: string,
  _prev: TokenEndpointFormState,
  form: FormData,
): Promise<TokenEndpointFormState> {
  const ctx = await actionContext("admin");
  if (!ctx) return { message: "Only an admin can do this." };
  const parsed = tokenEndpointSchema.safeParse({
    oauthTokenEndpoint: String(form.get("oauthTokenEndpoint") ?? ""),
  });
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await setTokenEndpoint(ctx.db, ctx.actor, String(environmentId), parsed.data);
  if (!result.ok) return { message: result.message };
  revalidatePath("/gateways", "layout");
  return { saved: true };
}
