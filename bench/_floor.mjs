import { PGlite } from "@electric-sql/pglite";
import { migrate } from "@/lib/db/migrate";
import { pgliteSession, postgresSession } from "@/lib/db/sql-session";
import { createPostgresDatabase } from "@/lib/testing/databases";
const sql = `INSERT INTO reminder_delivery (id, "certificateId", subject, threshold, channel, status, attempts, "nextAttemptAt", "createdAt")
  SELECT gen_random_uuid()::text, 'cert' || i, CASE WHEN i % 2 = 0 THEN 'expiry' ELSE 'start-renewal-by' END, '30d', 'in-app', 'pending', 0, now(), now() FROM generate_series(1, 24000) i ON CONFLICT DO NOTHING`;
const { url, drop } = await createPostgresDatabase();
const s = await postgresSession(url); await migrate(s);
await s.exec(`ALTER TABLE reminder_delivery DROP CONSTRAINT reminder_delivery_certificateId_fkey`).catch(e=>console.log(e.message));
await s.exec(`ALTER TABLE reminder_delivery DROP CONSTRAINT "reminder_delivery_certificateId_fkey"`).catch(e=>console.log(e.message));
for (let k = 0; k < 3; k++) { await s.exec("TRUNCATE reminder_delivery CASCADE"); let a = performance.now(); await s.exec(sql); const f = performance.now() - a; a = performance.now(); await s.exec(sql); console.log("pg first", Math.round(f), "repeat", Math.round(performance.now() - a)); }
await s.close(); await drop();
const p = new PGlite(); await migrate(pgliteSession(p));
await p.exec(`ALTER TABLE reminder_delivery DROP CONSTRAINT "reminder_delivery_certificateId_fkey"`);
for (let k = 0; k < 3; k++) { await p.exec("TRUNCATE reminder_delivery CASCADE"); let a = performance.now(); await p.exec(sql); const f = performance.now() - a; a = performance.now(); await p.exec(sql); console.log("pglite first", Math.round(f), "repeat", Math.round(performance.now() - a)); }
