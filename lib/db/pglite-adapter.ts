import type { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";

type Query = { sql: string; args: unknown[]; argTypes?: ({ scalarType?: string } | null)[] };
type Queryable = { performIO(query: Query): Promise<unknown> };

/**
 * pglite-prisma-adapter 0.6 was written for Prisma 6.10. Prisma 6.19's query compiler sends
 * Bytes arguments as base64 strings, which the adapter hands to PGlite unchanged: PGlite then
 * refuses them or, worse, stores the base64 text itself as the bytes. This restores real bytes
 * from the argument types before every query. (lib/db/bytes.test.ts holds it.)
 */
function decodeBytesArgs(query: Query): Query {
  if (!query.argTypes?.some((t) => t?.scalarType === "bytes")) return query;
  const args = query.args.map((value, i) =>
    query.argTypes?.[i]?.scalarType === "bytes" && typeof value === "string"
      ? new Uint8Array(Buffer.from(value, "base64"))
      : value,
  );
  return { ...query, args };
}

let patched = false;
function patchPerformIO(adapter: object) {
  if (patched) return;
  let proto: object | null = adapter;
  while (proto && !Object.hasOwn(proto, "performIO")) proto = Object.getPrototypeOf(proto);
  if (!proto)
    throw new Error(
      "pglite-prisma-adapter changed: performIO not found; review lib/db/pglite-adapter.ts",
    );
  const original = (proto as Queryable).performIO;
  (proto as Queryable).performIO = function (this: Queryable, query: Query) {
    return original.call(this, decodeBytesArgs(query));
  };
  patched = true;
}

export class PGliteAdapter extends PrismaPGlite {
  constructor(client: PGlite) {
    super(client);
  }

  override async connect() {
    const adapter = await super.connect();
    patchPerformIO(adapter);
    return adapter;
  }
}
