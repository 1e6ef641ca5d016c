import { apiRoute } from "@/lib/api/route";
import { serverChainStep } from "@/lib/server-chain-change/api-step";
import { markServerChainSwitched } from "@/lib/server-chain-change/mutations";

export const dynamic = "force-dynamic";

/** Records the switch and replaces the our-server-chain store: { version, switchedAt, overrideReason? } (the override is an admin's, with a reason). */
export const POST = apiRoute<{ envId: string; changeId: string }>(
  "operator",
  serverChainStep(markServerChainSwitched),
);
