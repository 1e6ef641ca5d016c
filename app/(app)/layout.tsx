import { requireUser } from "@/lib/auth/session";
import { navigationGatewaysData } from "@/lib/gateway/data";
import { bellCountOf } from "@/lib/reminder/data";
import { AppShell } from "@/components/shell/app-shell";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const [gateways, unread] = await Promise.all([navigationGatewaysData(), bellCountOf(user.id)]);
  return (
    <AppShell user={user} unread={unread} gateways={gateways}>
      {children}
    </AppShell>
  );
}
