// The PPR≠PRD finding is gone (ADR 0015): its migration drops the reason column and the bell
// notifications it left behind, on PGlite and on PostgreSQL, and leaves every other one alone.
import { afterEach, describe, expect, it } from "vitest";
import { newPglite } from "@/lib/db/pglite";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { pgliteSession, postgresSession, type SqlSession } from "@/lib/db/sql-session";
import { createPostgresDatabase } from "@/lib/testing/databases";

const MIGRATION = "20261205120000_drop_ppr_prd_divergence";

const sessions: Record<
  "pglite" | "postgres",
  () => Promise<{ session: SqlSession; drop: () => Promise<void> }>
> = {
  pglite: async () => ({ session: pgliteSession(newPglite()), drop: async () => {} }),
  postgres: async () => {
    const { url, drop } = await createPostgresDatabase();
    const session = await postgresSession(url);
    return {
      session,
      drop: async () => {
        await session.close();
        await drop();
      },
    };
  },
};

describe.each(["pglite", "postgres"] as const)("migration %s on %s", (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it("drops the divergence reason and the ppr-prd-differ notifications, read or not, and nothing else", async () => {
    const { session, drop } = await sessions[kind]();
    cleanups.push(drop);
    const all = readMigrations();
    expect(all.map((m) => m.name)).toContain(MIGRATION);
    await migrate(
      session,
      all.filter((m) => m.name < MIGRATION),
    );
    await session.exec(
      `INSERT INTO "user" (id, name, email, "updatedAt") VALUES ('u1', 'Ops', 'ops@example.com', now())`,
    );
    await session.exec(
      `INSERT INTO "gateway" (id, "merchantGatewayId", name, "clientCaDivergenceReason", "updatedAt") VALUES ('g1', 'MGW_000001', 'G', 'freeze', now())`,
    );
    const notify = (id: string, deliveryId: string, read: boolean) =>
      session.query(
        `INSERT INTO "notification" (id, "userId", "deliveryId", title, body${read ? `, "readAt"` : ""}) VALUES ($1, 'u1', $2, 't', 'b'${read ? ", now()" : ""})`,
        [id, deliveryId],
      );
    await notify("n1", "finding:env1:ppr-prd-differ:aa|bb", false);
    await notify("n2", "finding:env2:ppr-prd-differ:bb|aa", true);
    await notify("n3", "finding:env1:new-ca-not-trusted:cc", false);
    await notify("n4", "reminder:cert1:30", false);

    expect(await migrate(session, all)).toContain(MIGRATION);
    expect(
      (await session.query<{ id: string }>(`SELECT id FROM "notification" ORDER BY id`)).map(
        (r) => r.id,
      ),
    ).toEqual(["n3", "n4"]);
    const columns = await session.query(
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'gateway' AND column_name = 'clientCaDivergenceReason'`,
    );
    expect(columns).toHaveLength(0);
    expect(await session.query(`SELECT "merchantGatewayId" FROM "gateway"`)).toEqual([
      { merchantGatewayId: "MGW_000001" },
    ]);
  }, 60_000);
});
