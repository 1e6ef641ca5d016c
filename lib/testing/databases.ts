import crypto from "node:crypto";
import { newPglite } from "@/lib/db/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PGliteAdapter } from "@/lib/db/pglite-adapter";
import pg from "pg";
import { PrismaClient } from "@/lib/db/generated/client";
import { migrate } from "@/lib/db/migrate";
import { pgliteSession, postgresSession } from "@/lib/db/sql-session";

/** The PostgreSQL server that throwaway test databases are made on (trust auth on this machine). */
export const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export type TestDatabase = {
  kind: "pglite" | "postgres";
  prisma: PrismaClient;
  url?: string;
  drop: () => Promise<void>;
};

export async function createPostgresDatabase(): Promise<{
  url: string;
  drop: () => Promise<void>;
}> {
  const name = `d1test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A migrated, empty database of the given kind, to be dropped after the test. */
export async function createTestDatabase(kind: "pglite" | "postgres"): Promise<TestDatabase> {
  if (kind === "pglite") {
    const pglite = newPglite();
    await migrate(pgliteSession(pglite));
    const prisma = new PrismaClient({ adapter: new PGliteAdapter(pglite) });
    return {
      kind,
      prisma,
      drop: async () => {
        await prisma.$disconnect();
        await pglite.close();
      },
    };
  }
  const { url, drop } = await createPostgresDatabase();
  const session = await postgresSession(url);
  await migrate(session);
  await session.close();
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  return {
    kind,
    prisma,
    url,
    drop: async () => {
      await prisma.$disconnect();
      await drop();
    },
  };
}

export const DATABASE_KINDS = ["pglite", "postgres"] as const;
