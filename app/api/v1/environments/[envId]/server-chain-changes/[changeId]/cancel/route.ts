import { apiRoute } from "@/lib/api/route";
import { serverChainStep } from "@/lib/server-chain-change/api-step";
import { cancelServerChainChange } from "@/lib/server-chain-change/mutations";

export const dynamic = "force-dynamic";

/** Cancels the open change: { version, reason }. */
export const POST = apiRoute<{ envId: string; changeId: string }>(
  "operator",
  serverChainStep(cancelServerChainChange),
);
