import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";

/** The little SQL surface the migration runner and start-up need, on PGlite or on PostgreSQL. */
export interface SqlSession {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements (simple query protocol). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export function pgliteSession(db: PGlite): SqlSession {
  return {
    query: async (sql, params) => (await db.query(sql, params)).rows as never,
    exec: async (sql) => void (await db.exec(sql)),
    close: async () => {}, // the PGlite instance belongs to its opener
  };
}

export async function postgresSession(url: string): Promise<SqlSession> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    query: async (sql, params) => (await client.query(sql, params)).rows,
    exec: async (sql) => void (await client.query(sql)),
    close: () => client.end(),
  };
}
