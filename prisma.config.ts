// Prisma 6.19 runs offline only with its WebAssembly engines, which need a driver adapter.
// The CLI (generate, migrate diff) works on a throwaway in-memory PGlite; the app applies
// migrations itself (lib/db/migrate.ts) so the CLI never opens the data directory.
import { defineConfig } from "prisma/config";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPGlite } from "pglite-prisma-adapter";

export default defineConfig({
  schema: "prisma/schema.prisma",
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => new PrismaPGlite(new PGlite({ extensions: { pg_trgm } })),
} as Parameters<typeof defineConfig>[0]);
