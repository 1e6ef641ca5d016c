import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { requireEnvironment } from "@/lib/environment/data";
import { SectionTabs } from "@/components/environment/section-tabs";

export default async function EnvironmentLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ merchantGatewayId: string; env: string }>;
}) {
  // A client-side navigation re-renders this layout without the (app) layout above it: it must
  // check the session itself before it reads anything.
  await requireUser();
  const { merchantGatewayId, env } = await params;
  const { gateway, environment } = await requireEnvironment(merchantGatewayId, env);
  return (
    <>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        <Link
          href={`/gateways/${encodeURIComponent(gateway.merchantGatewayId)}`}
          className="hover:underline"
        >
          {gateway.name} <span className="font-mono">({gateway.merchantGatewayId})</span>
        </Link>
      </p>
      <h1 className="mb-4 text-2xl font-semibold tracking-tight">
        {environment.code === "PPR" ? "PreProd" : "Production"}{" "}
        <span className="font-mono text-slate-600 dark:text-slate-400">{environment.code}</span>
      </h1>
      <SectionTabs merchantGatewayId={gateway.merchantGatewayId} env={environment.code} />
      {children}
    </>
  );
}
