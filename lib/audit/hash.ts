import crypto from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export type HashedFields = {
  seq: bigint;
  createdAt: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string | null;
  gatewayId: string | null;
  environmentId: string | null;
  summary: unknown;
  prevHash: string;
};

/** JSON with sorted keys: jsonb does not keep key order, so the hash must not depend on it. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** Each record's hash covers its own fields and the previous record's hash: a chain. */
export function auditHash(fields: HashedFields): string {
  const material = canonicalJson({
    ...fields,
    seq: fields.seq.toString(),
    createdAt: fields.createdAt.toISOString(),
  });
  return crypto.createHash("sha256").update(material).digest("hex");
}
