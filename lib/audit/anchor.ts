// Anchors: the chain's head (sequence and hash) kept outside the database. The hash chain shows
// an edit to one record, but someone with write access can rewrite a record and every hash after
// it; the chain is then consistent again. An anchor taken earlier still names the old hash of its
// record, so the rewritten chain no longer reaches it. See docs/decisions/0018-audit-anchor.md.
import type { Db } from "@/lib/db/client";
import { GENESIS_HASH } from "./hash";
import { verifyAuditChain } from "./verify";

export type Anchor = { seq: bigint; hash: string };

export const formatAnchor = (anchor: Anchor) => `${anchor.seq}:${anchor.hash}`;
const short = (hash: string) => `${hash.slice(0, 12)}…`;

export function parseAnchor(
  text: string,
): { ok: true; anchor: Anchor } | { ok: false; message: string } {
  const m = /^(\d{1,18}):([0-9a-fA-F]{64})$/.exec(text.trim());
  if (!m)
    return {
      ok: false,
      message: `"${text}" is not an anchor: expected SEQ:HASH, the sequence number and the 64 hex digits that \`audit anchor\` printed.`,
    };
  return { ok: true, anchor: { seq: BigInt(m[1]!), hash: m[2]!.toLowerCase() } };
}

/** The newest record, or the genesis (0 and 64 zeros) of an empty trail. */
export async function auditHead(db: Db): Promise<Anchor> {
  const last = await db.auditEvent.findFirst({
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  return last ?? { seq: 0n, hash: GENESIS_HASH };
}

export type AnchorReport =
  | { ok: true; count: number; head: Anchor }
  | { ok: false; count: number; brokenSeq: bigint; reason: string };

/** The head to anchor, only when the chain holds (anchoring a broken chain would bless it). */
export async function takeAnchor(db: Db): Promise<AnchorReport> {
  const chain = await verifyAuditChain(db);
  if (!chain.ok) return chain;
  return { ok: true, count: chain.count, head: await auditHead(db) };
}

/**
 * The chain must hold and still reach every anchor: the record at each anchor's sequence must
 * have the anchored hash. The first anchor that fails is named, with the newest one below it that
 * still holds: the rewritten record lies between the two.
 */
export async function verifyAgainstAnchors(db: Db, anchors: Anchor[]): Promise<AnchorReport> {
  const chain = await verifyAuditChain(db);
  if (!chain.ok) return chain;
  const head = await auditHead(db);
  let holding: Anchor = { seq: 0n, hash: GENESIS_HASH };
  for (const anchor of [...anchors].sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0))) {
    const record =
      anchor.seq === 0n
        ? { hash: GENESIS_HASH }
        : await db.auditEvent.findUnique({ where: { seq: anchor.seq }, select: { hash: true } });
    const range = `a record from ${holding.seq + 1n} to ${anchor.seq} was rewritten or removed${holding.seq > 0n ? ` (anchor ${holding.seq}:${short(holding.hash)} still holds)` : ""}`;
    if (!record) {
      return {
        ok: false,
        count: chain.count,
        brokenSeq: anchor.seq,
        reason: `the chain no longer reaches anchor ${anchor.seq}:${short(anchor.hash)}: it ends at record ${head.seq}, so records were removed`,
      };
    }
    if (record.hash !== anchor.hash) {
      return {
        ok: false,
        count: chain.count,
        brokenSeq: anchor.seq,
        reason: `the chain no longer reaches anchor ${anchor.seq}:${short(anchor.hash)}: record ${anchor.seq} now hashes to ${short(record.hash)}, so ${range}`,
      };
    }
    holding = anchor;
  }
  return { ok: true, count: chain.count, head };
}
