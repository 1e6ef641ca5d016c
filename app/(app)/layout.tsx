import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listGateways } from "@/lib/gateway/data";
import { AppShell } from "@/components/shell/app-shell";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const gateways = await listGateways(await db());
  return (
    <AppShell
      user={user}
      gateways={gateways.map((g) => ({ merchantGatewayId: g.merchantGatewayId, name: g.name }))}
    >
      {children}
    </AppShell>
  );
}
