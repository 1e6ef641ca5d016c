import "server-only";
import { db, type Db } from "@/lib/db/client";
import { environmentIdOf } from "@/lib/environment/data";
import { evaluateChecklist } from "./evaluate";

/** PreProd's checklist of a gateway, or null if it has no PreProd environment. */
export async function pprChecklistOf(prisma: Db, gatewayId: string) {
  const ppr = await environmentIdOf(prisma, gatewayId, "PPR");
  return ppr ? evaluateChecklist(prisma, ppr) : null;
}

/** The checklist page: this environment's checklist and, for Production, PreProd's. */
export async function checklistPageData(
  environment: { id: string; code: string },
  gatewayId: string,
) {
  const prisma = await db();
  const list = await evaluateChecklist(prisma, environment.id);
  const pprList = environment.code === "PRD" ? await pprChecklistOf(prisma, gatewayId) : null;
  return { list, pprList };
}
