import { apiRoute } from "@/lib/api/route";
import { serverChainStep } from "@/lib/server-chain-change/api-step";
import { recordServerChainNotified } from "@/lib/server-chain-change/mutations";

export const dynamic = "force-dynamic";

/** Records the day Thales was notified: { version, notifiedAt }. */
export const POST = apiRoute<{ envId: string; changeId: string }>(
  "operator",
  serverChainStep(recordServerChainNotified),
);
