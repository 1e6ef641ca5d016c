import { apiRoute } from "@/lib/api/route";
import { serverChainStep } from "@/lib/server-chain-change/api-step";
import { recordServerChainAcknowledged } from "@/lib/server-chain-change/mutations";

export const dynamic = "force-dynamic";

/** Records Thales' acknowledgement: { version, acknowledgedAt, reference }. */
export const POST = apiRoute<{ envId: string; changeId: string }>(
  "operator",
  serverChainStep(recordServerChainAcknowledged),
);
