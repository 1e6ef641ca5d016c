import type { Db } from "@/lib/db/client";
import { auditHash, GENESIS_HASH } from "./hash";

export type ChainReport =
  | { ok: true; count: number }
  | { ok: false; count: number; brokenSeq: bigint; reason: string };

/** Walks the chain in order and names the first record whose content or link does not hold. */
export async function verifyAuditChain(db: Db, batchSize = 1000): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1n;
  let count = 0;
  for (;;) {
    const batch = await db.auditEvent.findMany({
      where: { seq: { gte: expectedSeq } },
      orderBy: { seq: "asc" },
      take: batchSize,
    });
    for (const event of batch) {
      const fail = (reason: string): ChainReport => ({ ok: false, count, brokenSeq: event.seq, reason });
      if (event.seq !== expectedSeq) return fail(`record ${expectedSeq} is missing (deleted?)`);
      if (event.prevHash !== prevHash) return fail("its link to the previous record does not match");
      const { hash, ...fields } = event;
      if (auditHash(fields) !== hash) return fail("its content was altered after it was written");
      prevHash = hash;
      expectedSeq += 1n;
      count += 1;
    }
    if (batch.length < batchSize) return { ok: true, count };
  }
}
