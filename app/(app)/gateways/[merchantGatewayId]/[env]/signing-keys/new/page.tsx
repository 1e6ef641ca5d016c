import { requireUser } from "@/lib/auth/session";
import { requireEnvironment } from "@/lib/environment/data";
import { signingKeysPageData } from "@/lib/signing-key/data";
import { NewSigningKeyWizard } from "@/components/signing-key/new-signing-key-wizard";
import { environmentPath } from "@/components/shell/nav-sections";

export const metadata = { title: "New OAuth signing key" };

export default async function NewSigningKeyPage({
  params,
}: {
  params: Promise<{ merchantGatewayId: string; env: string }>;
}) {
  await requireUser("operator");
  const { merchantGatewayId, env } = await params;
  const { gateway, environment } = await requireEnvironment(merchantGatewayId, env);
  const { current } = await signingKeysPageData(environment.id, gateway.keyRotationDays);
  return (
    <>
      <h2 className="mb-4 text-lg font-semibold">
        New OAuth signing key (ES256) for {environment.code}
      </h2>
      <NewSigningKeyWizard
        environmentId={environment.id}
        merchantGatewayId={gateway.merchantGatewayId}
        env={environment.code}
        listPath={environmentPath(gateway.merchantGatewayId, environment.code, "signing-keys")}
        currentKid={current?.onboardedAt ? current.thumbprint : null}
      />
    </>
  );
}
