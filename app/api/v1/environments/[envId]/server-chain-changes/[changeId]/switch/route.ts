import { serverChainStepRoute } from "@/lib/server-chain-change/api-step";
import { markServerChainSwitched } from "@/lib/server-chain-change/mutations";

export const dynamic = "force-dynamic";

/** Records the switch and replaces the our-server-chain store: { version, switchedAt, overrideReason? } (the override is an admin's, with a reason). */
export const POST = serverChainStepRoute(markServerChainSwitched);
