// The backup's table list against prisma/schema.prisma: a model added to the schema and not to
// lib/backup/tables.ts (or to EXCLUDED_MODELS, with a reason) fails here, as does a changed column.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BACKUP_TABLES, EXCLUDED_MODELS } from "./tables";

type Field = { name: string; type: string; relationTo?: string; relationFields?: string[] };
type Model = { name: string; table: string; key: string; fields: Field[] };

/** Enough of the Prisma schema language for this schema: models, enums, fields, @id, @@map, @relation. */
function readSchema(file = path.resolve(__dirname, "../../prisma/schema.prisma")) {
  const source = fs.readFileSync(file, "utf8").replace(/\/\/.*$/gm, "");
  const enums = new Set([...source.matchAll(/^enum\s+(\w+)\s*\{/gm)].map((m) => m[1]!));
  const blocks = [...source.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)];
  const modelNames = new Set(blocks.map((m) => m[1]!));
  const models: Model[] = blocks.map(([, name, body]) => {
    const lines = body!
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    const table = /@@map\("([^"]+)"\)/.exec(body!)?.[1] ?? name!;
    const fields: Field[] = [];
    let key = "";
    for (const line of lines) {
      if (line.startsWith("@@")) continue;
      const m = /^(\w+)\s+(\w+)(\?|\[\])?/.exec(line);
      if (!m) throw new Error(`cannot read the line "${line}" of model ${name}`);
      const [, fieldName, base, modifier = ""] = m;
      if (/(^|\s)@id(\s|$|\()/.test(line)) key = fieldName!;
      if (modelNames.has(base!)) {
        const relationFields = /fields:\s*\[([^\]]*)\]/
          .exec(line)?.[1]
          ?.split(",")
          .map((s) => s.trim());
        fields.push({ name: fieldName!, type: base!, relationTo: base!, relationFields });
      } else {
        if (
          !enums.has(base!) &&
          !["String", "Int", "BigInt", "Boolean", "DateTime", "Json", "Bytes"].includes(base!)
        )
          throw new Error(`unknown type ${base} in ${name}`);
        fields.push({ name: fieldName!, type: `${base}${modifier}` });
      }
    }
    return { name: name!, table, key, fields };
  });
  return { models, enums };
}

describe("backup tables against prisma/schema.prisma", () => {
  const { models } = readSchema();
  const byName = new Map(models.map((m) => [m.name, m]));

  it("reads the schema (sanity)", () => {
    expect(models.length).toBeGreaterThan(20);
    expect(byName.get("AuditEvent")).toMatchObject({ table: "audit_event", key: "seq" });
  });

  it("every model is either backed up or excluded with a reason, never both", () => {
    const backedUp = BACKUP_TABLES.map((t) => t.model);
    const excluded = Object.keys(EXCLUDED_MODELS);
    expect(
      [...backedUp, ...excluded].sort(),
      "a model is missing from lib/backup/tables.ts (add it to BACKUP_TABLES, or to EXCLUDED_MODELS with a reason)",
    ).toEqual(models.map((m) => m.name).sort());
    expect(new Set(backedUp).size).toBe(backedUp.length);
    for (const reason of Object.values(EXCLUDED_MODELS)) expect(reason.length).toBeGreaterThan(20);
  });

  it.each(BACKUP_TABLES.map((t) => [t.model, t] as const))(
    "%s: table, key, delegate and every column match the schema",
    (_name, table) => {
      const model = byName.get(table.model)!;
      expect(table.table).toBe(model.table);
      expect(table.key).toBe(model.key);
      expect(table.delegate).toBe(table.model[0]!.toLowerCase() + table.model.slice(1));
      const columns = Object.fromEntries(
        model.fields.filter((f) => !f.relationTo).map((f) => [f.name, f.type]),
      );
      expect(table.columns).toEqual(columns);
    },
  );

  it("tables come after every table they reference (so the import's inserts satisfy the foreign keys)", () => {
    const position = new Map(BACKUP_TABLES.map((t, i) => [t.model, i]));
    const problems: string[] = [];
    for (const table of BACKUP_TABLES) {
      for (const field of byName.get(table.model)!.fields) {
        if (!field.relationTo || !field.relationFields) continue; // the other side of a relation
        if (field.relationTo === table.model) continue; // self-relation: import.ts orders the rows
        const target = position.get(field.relationTo);
        if (target === undefined)
          problems.push(
            `${table.model}.${field.name} references ${field.relationTo}, which is not backed up`,
          );
        else if (target > position.get(table.model)!)
          problems.push(`${table.model} comes before ${field.relationTo}, which it references`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("only Certificate references itself (import.ts orders its rows; a new self-relation needs the same)", () => {
    const selfRelated = models
      .filter((m) => m.fields.some((f) => f.relationTo === m.name && f.relationFields))
      .map((m) => m.name);
    expect(selfRelated).toEqual(["Certificate"]);
  });
});
