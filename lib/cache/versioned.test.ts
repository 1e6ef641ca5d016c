// The versioned cache answers from memory until the data the fleet pages read changes, on this
// instance or another one on the same database, and never for longer than its maximum age.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { PrismaClient } from "@/lib/db/generated/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { insertCertificate, seedGateway, plusDays, at } from "@/lib/reminder/test-support";
import {
  dataVersion,
  readVersions,
  VERSIONED_TABLES,
  versionedCache,
  versionedEntries,
} from "./versioned";
import { sessionCookieOf } from "@/lib/auth/identity-cache";

describe.each(DATABASE_KINDS)("versioned cache on %s", (kind) => {
  let t: TestDatabase;
  let env: { ppr: string; prd: string };
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    env = await seedGateway(t.prisma, { merchantGatewayId: "MGW_CACHE1" });
  });
  afterAll(() => t.drop());
  afterEach(() => vi.useRealTimers());

  const countCertificates = () => {
    const calls = { n: 0 };
    const cached = versionedCache(async (db) => {
      calls.n++;
      return db.certificate.count();
    });
    return { cached, calls };
  };

  it("moves the data version on writes to the tables the overview reads, not on others", async () => {
    const before = await dataVersion(t.prisma);
    expect(await dataVersion(t.prisma)).toBe(before);
    await t.prisma.notification.count(); // a read
    await t.prisma.appSetting.upsert({
      where: { key: "cache-test" },
      create: { key: "cache-test", value: "1" },
      update: { value: "2" },
    });
    expect(await dataVersion(t.prisma)).toBe(before);
    await insertCertificate(t.prisma, env.ppr, plusDays(at("2027-01-01T00:00:00Z"), 100));
    const afterInsert = await dataVersion(t.prisma);
    expect(afterInsert).not.toBe(before);
    await t.prisma.certificate.updateMany({
      where: { environmentId: env.ppr },
      data: { revokedReason: "test" },
    });
    expect(await dataVersion(t.prisma)).not.toBe(afterInsert);
  });

  it("moves the data version when the writing transaction commits, and not for writes that match nothing", async () => {
    const before = await dataVersion(t.prisma);
    await t.prisma.certificate.updateMany({
      where: { id: "no-such-certificate" },
      data: { revokedReason: "x" },
    });
    expect(await dataVersion(t.prisma)).toBe(before);
    await t.prisma.$transaction(async (tx) => {
      await insertCertificate(tx as never, env.ppr, plusDays(at("2027-01-01T00:00:00Z"), 150));
      // Written but not committed: a reader caching now would cache the old data; the counter has not moved.
      expect(await dataVersion(tx as never)).toBe(before);
    });
    expect(await dataVersion(t.prisma)).not.toBe(before);
    // A transaction that rolls back moves nothing either.
    const committed = await dataVersion(t.prisma);
    await expect(
      t.prisma.$transaction(async (tx) => {
        await insertCertificate(tx as never, env.ppr, plusDays(at("2027-01-01T00:00:00Z"), 160));
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await dataVersion(t.prisma)).toBe(committed);
  });

  it("computes once, answers from memory until a write, then computes again with the new data", async () => {
    const { cached, calls } = countCertificates();
    const first = await cached(t.prisma);
    expect(await cached(t.prisma)).toBe(first);
    expect(calls.n).toBe(1);
    await insertCertificate(t.prisma, env.prd, plusDays(at("2027-01-01T00:00:00Z"), 200));
    expect(await cached(t.prisma)).toBe(first + 1);
    expect(calls.n).toBe(2);
  });

  it("shares one computation between requests that arrive together", async () => {
    const { cached, calls } = countCertificates();
    const answers = await Promise.all(Array.from({ length: 8 }, () => cached(t.prisma)));
    expect(new Set(answers).size).toBe(1);
    expect(calls.n).toBe(1);
  });

  it("recomputes after the maximum age even without a write (days left move with the clock)", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date() });
    const { cached, calls } = countCertificates();
    await cached(t.prisma);
    vi.setSystemTime(Date.now() + 29_000);
    await cached(t.prisma);
    expect(calls.n).toBe(1);
    vi.setSystemTime(Date.now() + 2_000);
    await cached(t.prisma);
    expect(calls.n).toBe(2);
  });

  it("has a counter per table the data version watches, and the code knows every one of them", async () => {
    const rows = await t.prisma.$queryRaw<{ table: string; counter: boolean }[]>`
      SELECT DISTINCT c.relname::text AS table, to_regclass('version_' || c.relname) IS NOT NULL AS counter
      FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
      WHERE g.tgname IN ('data_version_bump', 'data_version_bump_truncate') ORDER BY 1`;
    expect(rows.filter((r) => !r.counter)).toEqual([]);
    expect(rows.map((r) => r.table)).toEqual([...VERSIONED_TABLES].sort());
  });

  it("moves only the counters of the tables a transaction wrote, at its commit", async () => {
    const before = await readVersions(t.prisma);
    await t.prisma.$transaction(async (tx) => {
      await insertCertificate(tx as never, env.ppr, plusDays(at("2027-01-01T00:00:00Z"), 170));
      expect((await readVersions(tx as never)).tables).toEqual(before.tables);
    });
    const after = await readVersions(t.prisma);
    const moved = VERSIONED_TABLES.filter((table) => after.tables[table] !== before.tables[table]);
    expect(moved).toEqual(["certificate"]);
    // The first write ever to a table moves its counter too (last_value alone is compared).
    expect(await t.prisma.checklistTick.count()).toBe(0);
    await t.prisma.checklistTick.create({
      data: {
        environmentId: env.ppr,
        item: "outbound.oauth-client",
        note: "first tick",
        doneOn: new Date(),
        tickedByLabel: "test",
      },
    });
    const ticked = await readVersions(t.prisma);
    expect(
      VERSIONED_TABLES.filter((table) => ticked.tables[table] !== after.tables[table]),
    ).toEqual(["checklist_tick"]);
    expect(ticked.data).not.toBe(after.data);
  });

  it("keeps a value computed from some tables across writes to other tables", async () => {
    let calls = 0;
    const cached = versionedCache(
      async (db) => {
        calls++;
        return db.certificate.count();
      },
      { tables: ["certificate"] },
    );
    const first = await cached(t.prisma);
    await t.prisma.checklistTick.create({
      data: {
        environmentId: env.prd,
        item: "outbound.oauth-client",
        note: "cache test",
        doneOn: new Date(),
        tickedByLabel: "test",
      },
    });
    expect(await cached(t.prisma)).toBe(first);
    expect(calls).toBe(1);
    await insertCertificate(t.prisma, env.prd, plusDays(at("2027-01-01T00:00:00Z"), 250));
    expect(await cached(t.prisma)).toBe(first + 1);
    expect(calls).toBe(2);
  });

  it("computes again when its input changes, and answers from memory for the same input", async () => {
    let calls = 0;
    const cached = versionedCache(
      async (db, _now, environmentId: string) => {
        calls++;
        return db.certificate.count({ where: { environmentId } });
      },
      { tables: ["certificate"] },
    );
    const ppr = await cached(t.prisma, env.ppr);
    expect(await cached(t.prisma, env.ppr)).toBe(ppr);
    expect(calls).toBe(1);
    const prd = await cached(t.prisma, env.prd);
    expect(calls).toBe(2);
    expect(prd).toBe(await t.prisma.certificate.count({ where: { environmentId: env.prd } }));
  });

  it("forgets a failed computation: the next request tries again", async () => {
    let fail = true;
    const cached = versionedCache(async () => {
      if (fail) throw new Error("database hiccup");
      return "ok";
    });
    await expect(cached(t.prisma)).rejects.toThrow("database hiccup");
    fail = false;
    expect(await cached(t.prisma)).toBe("ok");
  });
});

// Several instances share one database only on PostgreSQL (PGlite is locked to one process).
describe("versioned cache with two instances on one PostgreSQL database", () => {
  let t: TestDatabase;
  afterAll(() => t.drop());

  it("sees a write made by the other instance at its next request", async () => {
    t = await createTestDatabase("postgres");
    const env = await seedGateway(t.prisma, { merchantGatewayId: "MGW_CACHE2" });
    const other = new PrismaClient({ adapter: new PrismaPg({ connectionString: t.url! }) });
    try {
      const cached = versionedCache(async (db) => db.certificate.count());
      expect(await cached(t.prisma)).toBe(0);
      await insertCertificate(other, env.ppr, plusDays(at("2027-01-01T00:00:00Z"), 300));
      expect(await cached(t.prisma)).toBe(1);
    } finally {
      await other.$disconnect();
    }
  });
});

describe("versioned entries (the session and token caches)", () => {
  it("hold a value while the version stands, for at most the maximum age, and keep the newest when full", () => {
    const entries = versionedEntries<string>(1000, 2);
    entries.set("a", "v1", "alice", 0);
    expect(entries.get("a", "v1", 999)).toBe("alice");
    expect(entries.get("a", "v1", 1000)).toBeUndefined(); // too old
    entries.set("a", "v1", "alice", 0);
    expect(entries.get("a", "v2", 10)).toBeUndefined(); // the version moved
    expect(entries.get("a", "v1", 10)).toBeUndefined(); // and the stale entry is gone
    entries.set("a", "v1", "alice", 0);
    entries.set("b", "v1", "bob", 0);
    entries.set("c", "v1", "carol", 0);
    expect([
      entries.get("a", "v1", 1),
      entries.get("b", "v1", 1),
      entries.get("c", "v1", 1),
    ]).toEqual([undefined, "bob", "carol"]);
    expect(entries.size).toBe(2);
  });

  it("key sessions by the session cookie alone, with or without the __Secure- prefix", () => {
    expect(sessionCookieOf("theme=dark; d1dash.session_token=abc.def%3D; other=1")).toBe(
      "d1dash.session_token=abc.def%3D",
    );
    expect(sessionCookieOf("__Secure-d1dash.session_token=xyz")).toBe(
      "__Secure-d1dash.session_token=xyz",
    );
    expect(sessionCookieOf("theme=dark")).toBeNull();
    expect(sessionCookieOf(null)).toBeNull();
    expect(sessionCookieOf("not_d1dash.session_token=x")).toBeNull();
  });
});
