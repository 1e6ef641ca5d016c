import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { navigationGateways } from "@/lib/gateway/data";
import { unreadCount } from "@/lib/reminder/notifications";
import { AppShell } from "@/components/shell/app-shell";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const prisma = await db();
  const [gateways, unread] = await Promise.all([
    navigationGateways(prisma),
    unreadCount(prisma, user.id),
  ]);
  return (
    <AppShell user={user} unread={unread} gateways={gateways}>
      {children}
    </AppShell>
  );
}
