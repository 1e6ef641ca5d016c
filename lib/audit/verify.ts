import type { Db } from "@/lib/db/client";
import { auditHash, GENESIS_HASH, type HashedFields } from "./hash";

export type ChainReport =
  | { ok: true; count: number }
  | { ok: false; count: number; brokenSeq: bigint; reason: string };

type ChainRecord = HashedFields & { hash: string };

/**
 * Checks records one after the other, in seq order: each must follow the previous one, link to
 * its hash and hash to what it says. Shared by `audit verify` and `backup import`, which checks a
 * backup's records before it writes anything.
 */
export function chainWalker() {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1n;
  let count = 0;
  return {
    /** null when the record holds; otherwise the failed report. */
    step(event: ChainRecord): ChainReport | null {
      const fail = (reason: string): ChainReport => ({
        ok: false,
        count,
        brokenSeq: event.seq,
        reason,
      });
      if (event.seq !== expectedSeq)
        return {
          ok: false,
          count,
          brokenSeq: expectedSeq,
          reason: `record ${expectedSeq} is missing (deleted?)`,
        };
      if (event.prevHash !== prevHash)
        return fail("its link to the previous record does not match");
      const { hash, ...fields } = event;
      if (auditHash(fields) !== hash) return fail("its content was altered after it was written");
      prevHash = hash;
      expectedSeq += 1n;
      count += 1;
      return null;
    },
    done: (): ChainReport => ({ ok: true, count }),
  };
}

/** Walks the chain in order and names the first record whose content or link does not hold. */
export async function verifyAuditChain(db: Db, batchSize = 1000): Promise<ChainReport> {
  const walker = chainWalker();
  let from = 1n;
  for (;;) {
    const batch = await db.auditEvent.findMany({
      where: { seq: { gte: from } },
      orderBy: { seq: "asc" },
      take: batchSize,
    });
    for (const event of batch) {
      const failed = walker.step(event);
      if (failed) return failed;
    }
    if (batch.length < batchSize) return walker.done();
    from = batch.at(-1)!.seq + 1n;
  }
}

/** The records of a list (a backup's audit_event table), in seq order. */
export function verifyAuditRecords(records: ChainRecord[]): ChainReport {
  const walker = chainWalker();
  for (const record of [...records].sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0))) {
    const failed = walker.step(record);
    if (failed) return failed;
  }
  return walker.done();
}
