-- AlterTable
ALTER TABLE "expiry_bucket" ADD COLUMN     "txid" BIGINT NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "expiry_bucket_source_txid_idx" ON "expiry_bucket"("source", "txid");


-- ADR 0021: every bucket row carries the 64-bit id of the transaction that last wrote it, so the
-- in-memory reader's "rows written since my last read" is an index range scan of the few rows
-- written, not a scan of every row's xmin (which cannot be indexed, and wraps at 2^32).
CREATE OR REPLACE FUNCTION expiry_bucket_add(delta JSONB) RETURNS void LANGUAGE plpgsql AS $$
DECLARE writer BIGINT := pg_current_xact_id()::text::bigint;
BEGIN
  INSERT INTO expiry_bucket AS b ("environmentId", source, category, day, n, txid)
  SELECT d."environmentId", d.source, d.category, d.day, d.n, writer
  FROM jsonb_to_recordset(delta) AS d("environmentId" TEXT, source TEXT, category TEXT, day DATE, n INTEGER)
  WHERE d.n <> 0
  ORDER BY 1, 2, 3, 4
  ON CONFLICT ("environmentId", source, category, day) DO UPDATE SET n = b.n + excluded.n, txid = excluded.txid;
END;
$$;

CREATE OR REPLACE FUNCTION expiry_bucket_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE expiry_bucket SET n = 0, txid = pg_current_xact_id()::text::bigint WHERE source = TG_ARGV[0] AND n <> 0;
  IF TG_ARGV[0] = 'certificate' THEN DELETE FROM reminder_open; END IF;
  RETURN NULL;
END;
$$;
