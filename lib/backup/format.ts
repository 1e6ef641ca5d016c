import { z } from "zod";
import { Prisma } from "@/lib/db/generated/client";
import * as Enums from "@/lib/db/generated/enums";
import { BACKUP_TABLES, type BackupTable, type ColumnType } from "./tables";

/**
 * The backup document: one JSON object, versioned.
 *
 *   { "format": "d1-dashboard-backup", "version": 1, "schemaMigration": "<last migration>",
 *     "createdAt": "<ISO>", "tables": { "<table>": [ {row}, … ], … } }
 *
 * Tables in dependency order (lib/backup/tables.ts), rows in primary-key order, one row per line.
 * Values: dates as ISO 8601 (UTC), Bytes as base64, BigInt as a decimal string, Json as is.
 */
export const BACKUP_FORMAT = "d1-dashboard-backup";
export const BACKUP_VERSION = 1;

export type BackupRow = Record<string, unknown>;
export type BackupDocument = {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  schemaMigration: string;
  createdAt: string;
  tables: Record<string, BackupRow[]>;
};

/** Why an import was refused or failed. Nothing was stored in any of these cases. */
export class BackupError extends Error {
  constructor(
    readonly code:
      | "not_json"
      | "wrong_format"
      | "wrong_version"
      | "schema_mismatch"
      | "invalid"
      | "audit_chain_broken"
      | "not_empty"
      | "write_failed",
    message: string,
  ) {
    super(message);
    this.name = "BackupError";
  }
}

const parseType = (type: ColumnType) => ({
  base: type.replace(/(\?|\[\])$/, ""),
  nullable: type.endsWith("?"),
  list: type.endsWith("[]"),
});

const ENUMS = Enums as unknown as Record<string, Record<string, string> | undefined>;

function baseSchema(base: string): z.ZodType {
  switch (base) {
    case "String":
      return z.string();
    case "Int":
      return z.number().int().min(-2_147_483_648).max(2_147_483_647);
    case "BigInt":
      return z.string().regex(/^-?\d{1,19}$/, { error: "must be an integer written as a string" });
    case "Boolean":
      return z.boolean();
    case "DateTime":
      return z.iso.datetime({ error: "must be an ISO 8601 date-time in UTC" });
    case "Bytes":
      return z.base64({ error: "must be base64" });
    case "Json":
      return z.json();
    default: {
      const values = ENUMS[base];
      if (!values) throw new Error(`lib/backup: unknown column type ${base}`);
      return z.enum(Object.values(values) as [string, ...string[]]);
    }
  }
}

function columnSchema(type: ColumnType): z.ZodType {
  const { base, nullable, list } = parseType(type);
  const schema = list ? z.array(baseSchema(base)) : baseSchema(base);
  return nullable ? schema.nullable() : schema;
}

export const rowSchema = (table: BackupTable) =>
  z.strictObject(
    Object.fromEntries(
      Object.entries(table.columns).map(([name, type]) => [name, columnSchema(type)]),
    ),
  );

/** The document around the rows: every table present (possibly empty), no other. */
export const headerSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  schemaMigration: z.string().min(1),
  createdAt: z.iso.datetime(),
  tables: z.strictObject(
    Object.fromEntries(BACKUP_TABLES.map((t) => [t.table, z.array(z.unknown())])),
  ),
});

const ROW_SCHEMAS = new Map(BACKUP_TABLES.map((t) => [t.table, rowSchema(t)]));

/**
 * Checks every column of every row in place (the schemas only check, never transform), one row
 * at a time, so a large backup is not copied whole. Returns the issues, each with its full path.
 */
export function documentIssues(raw: unknown): { path: PropertyKey[]; message: string }[] {
  const header = headerSchema.safeParse(raw);
  if (!header.success)
    return header.error.issues.map((i) => ({ path: i.path, message: i.message }));
  const issues: { path: PropertyKey[]; message: string }[] = [];
  for (const [table, rows] of Object.entries(header.data.tables)) {
    const schema = ROW_SCHEMAS.get(table)!;
    rows.forEach((row, index) => {
      const result = schema.safeParse(row);
      if (!result.success)
        issues.push(
          ...result.error.issues.map((i) => ({
            path: ["tables", table, index, ...i.path],
            message: i.message,
          })),
        );
    });
  }
  return issues;
}

/** A database row (as Prisma returns it) as a document row: columns in spec order. */
export function encodeRow(table: BackupTable, row: Record<string, unknown>): BackupRow {
  const out: BackupRow = {};
  for (const [name, type] of Object.entries(table.columns)) {
    const value = row[name];
    if (value === undefined) throw new Error(`lib/backup: ${table.model}.${name} was not read`);
    out[name] = value === null ? null : encodeValue(parseType(type).base, value);
  }
  return out;
}

function encodeValue(base: string, value: unknown): unknown {
  switch (base) {
    case "DateTime":
      return (value as Date).toISOString();
    case "Bytes":
      return Buffer.from(value as Uint8Array).toString("base64");
    case "BigInt":
      return (value as bigint).toString();
    default:
      return value;
  }
}

/** A validated document row as Prisma create data. */
export function decodeRow(table: BackupTable, row: BackupRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(table.columns)) {
    const { base, nullable } = parseType(type);
    const value = row[name];
    if (base === "Json")
      out[name] = value === null ? (nullable ? Prisma.DbNull : Prisma.JsonNull) : value;
    else if (value === null) out[name] = null;
    else if (base === "DateTime") out[name] = new Date(value as string);
    else if (base === "Bytes") out[name] = new Uint8Array(Buffer.from(value as string, "base64"));
    else if (base === "BigInt") out[name] = BigInt(value as string);
    else out[name] = value;
  }
  return out;
}

/** Where a zod issue is, as a reader would look for it: tables.certificate[3].notAfter. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
}
