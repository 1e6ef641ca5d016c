// Global search: by CN, serial, fingerprint (with colons, any case) and merchantGatewayId, with
// the environment and type filters, counted and paged by the database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { insertCertificate, seedGateway, plusDays } from "@/lib/reminder/test-support";
import {
  NAME_GRAM_LENGTH,
  SEARCH_PAGE_SIZE,
  SEARCH_SUMMARY_COUNT_CAP,
  SEARCH_TYPED_COUNT_CAP,
  search,
  searchQuerySchema,
} from "./search";

const query = (v: Record<string, unknown>) => searchQuerySchema.parse(v);

describe("search input", () => {
  it("needs 2 to 200 characters and known filters", () => {
    const messages = (v: object) =>
      searchQuerySchema.safeParse(v).error?.issues.map((i) => i.message);
    expect(messages({ q: " a " })).toEqual(["Type at least 2 characters."]);
    expect(messages({ q: "ab", type: "keys", env: "DEV" })).toEqual([
      "type must be one of certificates, csrs, trust-entries, gateways.",
      "env must be PPR or PRD.",
    ]);
    for (const page of ["0", "abc", "2.5", "10001"])
      expect(messages({ q: "ab", page })).toEqual(["page must be a whole number from 1 to 10000."]);
  });
});

describe.each(DATABASE_KINDS)("search on %s", (kind) => {
  let t: TestDatabase;
  let target: { id: string; serialNumber: string; sha256: string };
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const a = await seedGateway(t.prisma, { merchantGatewayId: "MGW_SEARCH" });
    const b = await seedGateway(t.prisma, { merchantGatewayId: "MGW_OTHER1" });
    target = await insertCertificate(t.prisma, a.prd, plusDays(new Date(), 300), {
      commonName: "TLSMA-ECDSA/MGW_SEARCH/PRD",
    });
    for (let i = 0; i < 30; i++)
      await insertCertificate(t.prisma, b.ppr, plusDays(new Date(), 100 + i), {
        commonName: `TLSMA-RSA/MGW_OTHER1/PPR-${i}`,
      });
  });
  afterAll(() => t.drop());
  /** A new gateway with one certificate, issued under one Common Name and renamed to another. */
  const renamedCertificate = async (merchantGatewayId: string, from: string, to: string) => {
    const env = await seedGateway(t.prisma, { merchantGatewayId });
    const cert = await insertCertificate(t.prisma, env.ppr, plusDays(new Date(), 50), {
      commonName: from,
    });
    await t.prisma.certificate.update({ where: { id: cert.id }, data: { commonName: to } });
    return { env, cert };
  };

  it("keeps the names it searches, lower-cased, with their environment, in step with the records: insert, rename, move, delete", async () => {
    const copied = async () =>
      t.prisma.$queryRaw<{ kind: string; id: string; name: string; environmentId: string }[]>`
        SELECT * FROM (SELECT 'certificate' AS kind, id, name, "environmentId" FROM certificate_name
          UNION ALL SELECT 'csr', id, name, "environmentId" FROM csr_name
          UNION ALL SELECT 'trust', id, name, "environmentId" FROM trust_store_entry_name) r ORDER BY kind, id`;
    const fromRecords = async () =>
      t.prisma.$queryRaw<{ kind: string; id: string; name: string; environmentId: string }[]>`
        SELECT * FROM (SELECT 'certificate' AS kind, id, lower("commonName") AS name, "environmentId" FROM certificate
          UNION ALL SELECT 'csr', id, lower("commonName"), "environmentId" FROM csr
          UNION ALL SELECT 'trust', id, lower("subjectDn"), "environmentId" FROM trust_store_entry) r ORDER BY kind, id`;
    expect((await copied()).length).toBeGreaterThan(30);
    expect(await copied()).toEqual(await fromRecords());

    const { env, cert } = await renamedCertificate(
      "MGW_RENAME",
      "TLSMA-EC/MGW_RENAME/OLDNAME",
      "TLSMA-EC/MGW_RENAME/NEWNAME",
    );
    expect((await search(t.prisma, query({ q: "OLDNAME" }))).certificates.total).toBe(0);
    expect(
      (await search(t.prisma, query({ q: "NEWNAME" }))).certificates.rows.map((c) => c.id),
    ).toEqual([cert.id]);
    // Records do not move between environments, but the copy would follow one that did.
    await t.prisma.certificate.update({ where: { id: cert.id }, data: { environmentId: env.prd } });
    expect(await copied()).toEqual(await fromRecords());
    expect(
      (await search(t.prisma, query({ q: "NEWNAME", env: "PRD" }))).certificates.rows.map(
        (c) => c.id,
      ),
    ).toEqual([cert.id]);
    await t.prisma.certificate.delete({ where: { id: cert.id } });
    expect((await search(t.prisma, query({ q: "NEWNAME" }))).certificates.total).toBe(0);
    const entry = await t.prisma.trustStoreEntry.findFirstOrThrow({
      where: { environmentId: env.prd },
    });
    await t.prisma.trustStoreEntry.update({
      where: { id: entry.id },
      data: { subjectDn: "CN=Renamed Root for the search test" },
    });
    expect(
      (await search(t.prisma, query({ q: "renamed root" })))["trust-entries"].rows.map((e) => e.id),
    ).toEqual([entry.id]);
    expect(await copied()).toEqual(await fromRecords());
  });

  it("finds a certificate by part of its CN, case-insensitively, and by its gateway", async () => {
    const byCn = await search(t.prisma, query({ q: "ecdsa/mgw_search" }));
    expect(byCn.certificates.rows.map((c) => c.id)).toEqual([target.id]);
    const stored = await t.prisma.certificate.findUniqueOrThrow({ where: { id: target.id } });
    expect(byCn.certificates.rows[0]).toEqual({
      id: stored.id,
      commonName: stored.commonName,
      serialNumber: stored.serialNumber,
      sha256: stored.sha256,
      notAfter: stored.notAfter,
      revokedAt: null,
      supersededById: null,
      environmentId: stored.environmentId,
      environment: { code: "PRD", gateway: { merchantGatewayId: "MGW_SEARCH" } },
    });
    const byGateway = await search(t.prisma, query({ q: "MGW_SEARCH" }));
    expect(byGateway.certificates.total).toBe(1);
    expect(byGateway.gateways.rows.map((g) => g.merchantGatewayId)).toEqual(["MGW_SEARCH"]);
    // Trust-store entries of that gateway (its prefilled D1 roots) come up too, soonest expiry first.
    expect(byGateway["trust-entries"].total).toBe(10);
    const entries = await t.prisma.trustStoreEntry.findMany({
      where: { environment: { gateway: { merchantGatewayId: "MGW_SEARCH" } } },
      orderBy: [{ notAfter: "asc" }, { id: "asc" }],
    });
    expect(
      byGateway["trust-entries"].rows.map((e) => [
        e.id,
        e.kind,
        e.subjectDn,
        e.notAfter.toISOString(),
      ]),
    ).toEqual(entries.map((e) => [e.id, e.kind, e.subjectDn, e.notAfter.toISOString()]));
  });

  it("finds a CSR by its CN and by its key's fingerprint, newest first, and filters by environment", async () => {
    const gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_CSRS01" });
    const csr = (environmentId: string, n: number, daysAgo: number) =>
      t.prisma.csr.create({
        data: {
          environmentId,
          pem: "-",
          subjectDn: `CN=TLSMA-EC/MGW_CSRS01/${n}`,
          subject: {},
          commonName: `TLSMA-EC/MGW_CSRS01/${n}`,
          keyType: "EC",
          curve: "P-256",
          signatureAlgorithm: "ecdsa-with-SHA256",
          publicKeySha256: `${n}`.padStart(64, "c"),
          origin: "browser",
          createdByLabel: "ops",
          createdAt: plusDays(new Date(), -daysAgo),
        },
      });
    const [older, newer, other] = [
      await csr(gw.ppr, 1, 10),
      await csr(gw.ppr, 2, 1),
      await csr(gw.prd, 3, 5),
    ];
    const byCn = await search(t.prisma, query({ q: "tlsma-ec/mgw_csrs01/" }));
    expect(byCn.csrs.rows.map((c) => c.id)).toEqual([newer.id, other.id, older.id]);
    expect(byCn.csrs.rows[0]).toMatchObject({
      commonName: newer.commonName,
      status: "generated",
      publicKeySha256: newer.publicKeySha256,
      environment: { code: "PPR" },
    });
    expect(byCn.csrs.rows[0]!.createdAt.toISOString()).toBe(newer.createdAt.toISOString());
    expect(
      (await search(t.prisma, query({ q: "tlsma-ec/mgw_csrs01/", env: "PRD" }))).csrs.rows.map(
        (c) => c.id,
      ),
    ).toEqual([other.id]);
    const byKey = await search(t.prisma, query({ q: "CCCCCCCCCCCCCCCCCC:CC" }));
    expect(byKey.csrs.rows.map((c) => c.id)).toEqual([newer.id, other.id, older.id]);
  });

  it("finds by serial and by fingerprint as pasted, with colons and in either case", async () => {
    const serial = target.serialNumber.toLowerCase().match(/.{2}/g)!.join(":");
    expect(
      (await search(t.prisma, query({ q: serial }))).certificates.rows.map((c) => c.id),
    ).toEqual([target.id]);
    const fingerprint = target.sha256.slice(0, 20).toUpperCase().match(/.{2}/g)!.join(":");
    expect(
      (await search(t.prisma, query({ q: fingerprint }))).certificates.rows.map((c) => c.id),
    ).toEqual([target.id]);
  });

  it("filters by environment and pages one type at a time", async () => {
    expect((await search(t.prisma, query({ q: "TLSMA", env: "PRD" }))).certificates.total).toBe(1);
    const page1 = await search(t.prisma, query({ q: "MGW_OTHER1", type: "certificates" }));
    const page2 = await search(t.prisma, query({ q: "MGW_OTHER1", type: "certificates", page: 2 }));
    expect([
      page1.certificates.total,
      page1.certificates.rows.length,
      page2.certificates.rows.length,
    ]).toEqual([30, 25, 5]);
    expect(
      new Set([...page1.certificates.rows, ...page2.certificates.rows].map((c) => c.id)).size,
    ).toBe(30);
    expect(page1.csrs.total).toBe(0); // other types are not searched when one is chosen
    // Without a type: the same first ten (sorted from one read of the matches), and the exact total under the cap.
    const summary = await search(t.prisma, query({ q: "MGW_OTHER1" }));
    expect(summary.certificates).toMatchObject({ total: 30, exact: true });
    expect(summary.certificates.rows.map((c) => c.id)).toEqual(
      page1.certificates.rows.slice(0, 10).map((c) => c.id),
    );
  });

  it("counts each kind up to a cap without a type (a gateway-wide match), exactly with one", async () => {
    const env = await seedGateway(t.prisma, { merchantGatewayId: "MGW_MANY01" });
    const over = SEARCH_SUMMARY_COUNT_CAP + 7;
    for (let i = 0; i < over; i++)
      await insertCertificate(t.prisma, env.prd, plusDays(new Date(), 50 + i), {
        commonName: `TLSMA-EC/MGW_MANY01/PRD-${i}`,
      });
    const summary = await search(t.prisma, query({ q: "MGW_MANY01" }));
    expect(summary.certificates).toMatchObject({ total: SEARCH_SUMMARY_COUNT_CAP, exact: false });
    expect(summary.certificates.rows).toHaveLength(10);
    expect(summary["trust-entries"]).toMatchObject({ total: 10, exact: true }); // under the cap: exact
    const typed = await search(t.prisma, query({ q: "MGW_MANY01", type: "certificates" }));
    expect(typed.certificates).toMatchObject({ total: over, exact: true });
    // Past the cap the first ten are read in order, and they are the typed list's first ten.
    expect(summary.certificates.rows.map((c) => c.id)).toEqual(
      typed.certificates.rows.slice(0, 10).map((c) => c.id),
    );
  });

  it("filters by environment before it counts: more than the cap of matches in the other one hide none", async () => {
    const gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_ENVS01" });
    // The PPR names come first, in the copy and in its index: more of them than the summary reads.
    for (let i = 0; i < SEARCH_SUMMARY_COUNT_CAP + 5; i++)
      await insertCertificate(t.prisma, gw.ppr, plusDays(new Date(), 10 + i), {
        commonName: `TLSMA-EC/MGW_ENVS01/PPR-${i}`,
      });
    const prd = [];
    for (let i = 0; i < 3; i++)
      prd.push(
        await insertCertificate(t.prisma, gw.prd, plusDays(new Date(), 500 + i), {
          commonName: `TLSMA-EC/MGW_ENVS01/PRD-${i}`,
        }),
      );
    // "envs01/p" is no gateway's id: the names alone find these.
    for (const type of [undefined, "certificates"] as const) {
      const found = (await search(t.prisma, query({ q: "envs01/p", env: "PRD", type })))
        .certificates;
      expect([type, found.total, found.exact, found.rows.map((c) => c.id)]).toEqual([
        type,
        3,
        true,
        prd.map((c) => c.id),
      ]);
      const ppr = (await search(t.prisma, query({ q: "envs01/p", env: "PPR", type }))).certificates;
      expect([type, ppr.total, ppr.exact]).toEqual(
        type ? [type, SEARCH_SUMMARY_COUNT_CAP + 5, true] : [type, SEARCH_SUMMARY_COUNT_CAP, false],
      );
      expect(ppr.rows.every((c) => c.environment.code === "PPR")).toBe(true);
    }
  });

  it("pages a type in order past its count's cap, saying 1000+ and whether a next page follows", async () => {
    const gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_PAGED1" });
    const first = await insertCertificate(t.prisma, gw.prd, plusDays(new Date(), 1000), {
      commonName: "TLSMA-EC/MGW_PAGED1/PRD-0",
    });
    // Copies of that certificate, each a day later, in one statement (the triggers copy each name).
    const over = SEARCH_TYPED_COUNT_CAP + 4;
    await t.prisma.$executeRaw`
      INSERT INTO certificate (id, "environmentId", der, "serialNumber", "subjectDn", subject, "commonName", "issuerDn",
        "notBefore", "notAfter", "keyType", curve, "signatureAlgorithm", sha256, "publicKeySha256", compliant, checks, "createdByLabel")
      SELECT id || '-' || i, "environmentId", der, "serialNumber" || lpad(i::text, 4, '0'), "subjectDn", subject,
        'TLSMA-EC/MGW_PAGED1/PRD-' || i, "issuerDn", "notBefore", "notAfter" + make_interval(days => i), "keyType", curve,
        "signatureAlgorithm", md5(sha256 || i) || md5(i || sha256), "publicKeySha256", compliant, checks, "createdByLabel"
      FROM certificate, generate_series(1, ${over - 1}) AS i WHERE id = ${first.id}`;
    const all = await t.prisma.certificate.findMany({
      where: { commonName: { startsWith: "TLSMA-EC/MGW_PAGED1/" } },
      orderBy: [{ notAfter: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    expect(all).toHaveLength(over);
    // Found by their names, and by their gateway's id: its records alone pass the cap, which
    // settles the count without the names.
    const typed = (page: number, q = "paged1/prd") =>
      search(t.prisma, query({ q, type: "certificates", page })).then((r) => r.certificates);
    const lastPage = Math.ceil(over / SEARCH_PAGE_SIZE);
    for (const q of ["paged1/prd", "MGW_PAGED1"])
      for (const page of [1, 2, lastPage - 1, lastPage]) {
        const { total, exact, more, rows } = await typed(page, q);
        expect([q, page, total, exact, more]).toEqual([
          q,
          page,
          SEARCH_TYPED_COUNT_CAP,
          false,
          page < lastPage,
        ]);
        const from = (page - 1) * SEARCH_PAGE_SIZE;
        expect(rows.map((c) => c.id)).toEqual(
          all.slice(from, from + SEARCH_PAGE_SIZE).map((c) => c.id),
        );
      }
    expect((await typed(lastPage + 1)).rows).toEqual([]);
    // One certificate fewer than the cap is counted exactly, and its last page has no next.
    await t.prisma.certificate.deleteMany({
      where: { id: { in: all.slice(-5).map((c) => c.id) } },
    });
    const under = await typed(Math.ceil((over - 5) / SEARCH_PAGE_SIZE));
    expect([under.total, under.exact, under.more]).toEqual([over - 5, true, false]);
    expect(under.rows.at(-1)?.id).toBe(all.at(-6)?.id);
  });

  it("keeps each copied name's runs of 4 characters, as the database computes them, in step with the name", async () => {
    // What search_name_grams must give, computed here in JavaScript.
    const runs = (name: string) =>
      Array.from({ length: Math.max(0, name.length - NAME_GRAM_LENGTH + 1) }, (_, i) =>
        name.slice(i, i + NAME_GRAM_LENGTH),
      );
    await renamedCertificate(
      "MGW_GRAMS1",
      "TLSMA-EC/MGW_GRAMS1/PRD-00040",
      "TLSMA-EC/MGW_GRAMS1/PRD-7",
    );
    const rows = await t.prisma.$queryRaw<{ name: string; grams: string[] }[]>`
      SELECT name, grams FROM certificate_name UNION ALL SELECT name, grams FROM csr_name
      UNION ALL SELECT name, grams FROM trust_store_entry_name`;
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.find((r) => r.name === "tlsma-ec/mgw_grams1/prd-7")?.grams).toEqual(
      runs("tlsma-ec/mgw_grams1/prd-7"),
    );
    for (const row of rows) expect(row.grams, row.name).toEqual(runs(row.name));
  });

  it("finds exactly the names that hold a fragment, of any length, across - / and _", async () => {
    // Names whose gateway id holds every trigram of PRD-0004, as in the benchmark's fleet, beside
    // the ones that hold the fragment itself. MGW_000004/PRD-00012 holds each of its 4-grams too,
    // but not in that order: only the check of the fragment itself leaves it out.
    const gw4 = await seedGateway(t.prisma, { merchantGatewayId: "MGW_000004" });
    const gw5 = await seedGateway(t.prisma, { merchantGatewayId: "MGW_000005" });
    for (const [env, code] of [
      [gw4.prd, "PRD"],
      [gw4.ppr, "PPR"],
      [gw5.prd, "PRD"],
    ] as const)
      for (const n of [12, 40, 41, 49, 400, 1234, 4000])
        await insertCertificate(t.prisma, env, plusDays(new Date(), 200 + n), {
          commonName: `TLSMA-EC/MGW_00000${env === gw5.prd ? 5 : 4}/${code}-${String(n).padStart(5, "0")}`,
        });
    const all = await t.prisma.certificate.findMany({ select: { id: true, commonName: true } });
    const fragments = [
      "PRD-0004",
      "prd-00040",
      "PRD-0040",
      "RD-00",
      "0004/PRD",
      "000004/ppr-01234",
      "_00000",
      "04/p",
      "-000",
      "MGW_000005/PRD-04000",
      "TLSMA-EC/MGW_000004/PRD-00049",
      "/PRD",
      "00",
      "4/P",
      "tlsma",
      "PRD-0004X",
    ];
    let pastTheCap = 0;
    for (const q of fragments) {
      const expected = all
        .filter((c) => c.commonName.toLowerCase().includes(q.toLowerCase()))
        .map((c) => c.id)
        .sort();
      // Every page, in order, while the search says another follows: past its count's cap for
      // fragments that the names of the paging test above (over 1,000 of them) all hold.
      const typed = await search(t.prisma, query({ q, type: "certificates" }));
      const found = [...typed.certificates.rows];
      for (let page = 2, more = typed.certificates.more; more; page++) {
        const next = (await search(t.prisma, query({ q, type: "certificates", page })))
          .certificates;
        found.push(...next.rows);
        more = next.more;
      }
      expect([q, found.map((c) => c.id).sort()]).toEqual([q, expected]);
      expect([q, typed.certificates.total, typed.certificates.exact]).toEqual([
        q,
        Math.min(expected.length, SEARCH_TYPED_COUNT_CAP),
        expected.length <= SEARCH_TYPED_COUNT_CAP,
      ]);
      if (expected.length > SEARCH_TYPED_COUNT_CAP) pastTheCap++;
      const summary = await search(t.prisma, query({ q }));
      expect([q, summary.certificates.total]).toEqual([
        q,
        Math.min(expected.length, SEARCH_SUMMARY_COUNT_CAP),
      ]);
    }
    expect(pastTheCap).toBeGreaterThan(0);
    // The benchmark's narrow fragment: the names that hold it, and none of MGW_000004's others.
    expect(
      (await search(t.prisma, query({ q: "PRD-0004" }))).certificates.rows
        .map((c) => c.commonName)
        .sort(),
    ).toEqual([
      "TLSMA-EC/MGW_000004/PRD-00040",
      "TLSMA-EC/MGW_000004/PRD-00041",
      "TLSMA-EC/MGW_000004/PRD-00049",
      "TLSMA-EC/MGW_000005/PRD-00040",
      "TLSMA-EC/MGW_000005/PRD-00041",
      "TLSMA-EC/MGW_000005/PRD-00049",
    ]);
  });

  it("takes % and _ literally: a wildcard pasted into the box matches nothing by itself", async () => {
    const results = await search(t.prisma, query({ q: "%%" }));
    expect([
      results.certificates.total,
      results.csrs.total,
      results["trust-entries"].total,
      results.gateways.total,
    ]).toEqual([0, 0, 0, 0]);
    expect((await search(t.prisma, query({ q: "MGW_SEARCH" }))).certificates.total).toBe(1); // a literal _ still matches
    expect((await search(t.prisma, query({ q: "MGW%SEARCH" }))).certificates.total).toBe(0);
  });
});
