// The embedded database's memory settings (lib/db/pglite.ts) reach PostgreSQL: PGlite passes its
// start parameters to the server, and a parameter it dropped would cost memory without a sign.
import { describe, expect, it } from "vitest";
import { newPglite } from "./pglite";

describe("the embedded database's settings", () => {
  it("keep a 16 MB buffer pool, ten histogram buckets a column and 4 MB for maintenance sorts", async () => {
    const db = newPglite();
    try {
      const setting = async (name: string) =>
        (await db.query<{ value: string }>(`SELECT current_setting('${name}') AS value`)).rows[0]!
          .value;
      expect(await setting("shared_buffers")).toBe("16MB");
      expect(await setting("default_statistics_target")).toBe("10");
      expect(await setting("maintenance_work_mem")).toBe("4MB");
    } finally {
      await db.close();
    }
  });
});
