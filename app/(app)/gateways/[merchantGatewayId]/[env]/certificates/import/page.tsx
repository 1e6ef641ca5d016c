import { requireUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/actor";
import { requireEnvironment } from "@/lib/environment/data";
import { CERTIFICATE_MAX_BYTES } from "@/lib/certificate/schema";
import { ImportCertificateForm } from "@/components/certificate/import-form";
import { environmentPath } from "@/components/shell/nav-sections";

export const metadata = { title: "Import a certificate" };

export default async function ImportCertificatePage({
  params,
}: {
  params: Promise<{ merchantGatewayId: string; env: string }>;
}) {
  const user = await requireUser("operator");
  const { merchantGatewayId, env } = await params;
  const { gateway, environment } = await requireEnvironment(merchantGatewayId, env);
  return (
    <>
      <h2 className="mb-2 text-lg font-semibold">
        Import the certificate Thales issued ({environment.code})
      </h2>
      <p className="mb-4 max-w-2xl text-sm text-slate-600 dark:text-slate-400">
        PEM or DER, one certificate or a chain (PEM bundle or PKCS#7 .p7b), or several certificates
        at once (a bundle or several files) to adopt an existing estate. Each is matched to its CSR,
        or adopted when no CSR is on record, and checked against the partner&apos;s rules; it is
        compliant only when it chains to a CA of the client-cert-issuers trust store. The private
        key is not needed here.
      </p>
      <ImportCertificateForm
        environmentId={environment.id}
        basePath={environmentPath(gateway.merchantGatewayId, environment.code, "certificates")}
        trustStoresPath={environmentPath(
          gateway.merchantGatewayId,
          environment.code,
          "trust-stores",
        )}
        maxBytes={CERTIFICATE_MAX_BYTES}
        isAdmin={hasRole(user.role, "admin")}
      />
    </>
  );
}
