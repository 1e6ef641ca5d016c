import { requireUser } from "@/lib/auth/session";
import { requireEnvironment } from "@/lib/environment/data";
import { RegisterCsrForm } from "@/components/csr/register-csr-form";
import { environmentPath } from "@/components/shell/nav-sections";

export const metadata = { title: "Register a CSR" };

export default async function RegisterCsrPage({
  params,
}: {
  params: Promise<{ merchantGatewayId: string; env: string }>;
}) {
  await requireUser("operator");
  const { merchantGatewayId, env } = await params;
  const { gateway, environment } = await requireEnvironment(merchantGatewayId, env);
  return (
    <>
      <h2 className="mb-2 text-lg font-semibold">
        Register an existing CSR for {environment.code}
      </h2>
      <p className="mb-4 max-w-2xl text-sm text-slate-600 dark:text-slate-400">
        For a CSR made elsewhere, for example with OpenSSL. It is checked against the partner&apos;s
        rules before it is stored. Never paste a private key here.
      </p>
      <RegisterCsrForm
        environmentId={environment.id}
        detailPath={environmentPath(gateway.merchantGatewayId, environment.code, "csrs")}
      />
    </>
  );
}
