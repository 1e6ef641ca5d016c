-- CreateTable
CREATE TABLE "expiry_bucket" (
    "environmentId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "expiry_bucket_pkey" PRIMARY KEY ("environmentId","source","category","day")
);

-- CreateTable
CREATE TABLE "reminder_open" (
    "certificateId" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "open" INTEGER NOT NULL,

    CONSTRAINT "reminder_open_pkey" PRIMARY KEY ("certificateId")
);


-- ADR 0021: aggregates the overview reads, kept in the writing transaction by statement triggers
-- with transition tables (one INSERT … ON CONFLICT per statement, however many rows it wrote).
-- Increments commute, so concurrent writers on PostgreSQL only wait on the bucket rows they share;
-- keys are written in sorted order so that two writers never take them in opposite orders.

CREATE FUNCTION certificate_category("revokedAt" TIMESTAMP(3), "supersededById" TEXT) RETURNS TEXT
  IMMUTABLE LANGUAGE sql AS $$
  SELECT CASE WHEN "revokedAt" IS NOT NULL THEN 'revoked' WHEN "supersededById" IS NOT NULL THEN 'superseded' ELSE 'live' END
$$;

-- Adds signed counts to expiry_bucket. A bucket that falls to zero stays (n = 0), so that a
-- reader holding the table in memory sees it change (rows written since its last read are those
-- whose xmin is not older than that read's snapshot; a deleted row would leave no trace).
CREATE FUNCTION expiry_bucket_add(delta JSONB) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO expiry_bucket AS b ("environmentId", source, category, day, n)
  SELECT d."environmentId", d.source, d.category, d.day, d.n
  FROM jsonb_to_recordset(delta) AS d("environmentId" TEXT, source TEXT, category TEXT, day DATE, n INTEGER)
  WHERE d.n <> 0
  ORDER BY 1, 2, 3, 4
  ON CONFLICT ("environmentId", source, category, day) DO UPDATE SET n = b.n + excluded.n;
END;
$$;

CREATE FUNCTION certificate_expiry_bucket() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE delta JSONB;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT jsonb_agg(x) INTO delta FROM (
      SELECT "environmentId", 'certificate' AS source, certificate_category("revokedAt", "supersededById") AS category, "notAfter"::date AS day, count(*)::int AS n
      FROM new_rows GROUP BY 1, 3, 4) x;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT jsonb_agg(x) INTO delta FROM (
      SELECT "environmentId", 'certificate' AS source, certificate_category("revokedAt", "supersededById") AS category, "notAfter"::date AS day, -count(*)::int AS n
      FROM old_rows GROUP BY 1, 3, 4) x;
  ELSE
    SELECT jsonb_agg(x) INTO delta FROM (
      SELECT "environmentId", 'certificate' AS source, category, day, sum(s)::int AS n FROM (
        SELECT "environmentId", certificate_category("revokedAt", "supersededById") AS category, "notAfter"::date AS day, 1 AS s FROM new_rows
        UNION ALL
        SELECT "environmentId", certificate_category("revokedAt", "supersededById"), "notAfter"::date, -1 FROM old_rows) u
      GROUP BY 1, 3, 4 HAVING sum(s) <> 0) x;
  END IF;
  IF delta IS NOT NULL THEN PERFORM expiry_bucket_add(delta); END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION trust_store_entry_expiry_bucket() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE delta JSONB;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT jsonb_agg(x) INTO delta FROM (
      SELECT "environmentId", 'trust' AS source, kind::text || CASE WHEN "isCa" THEN ':ca' ELSE ':leaf' END AS category, "notAfter"::date AS day, count(*)::int AS n
      FROM new_rows GROUP BY 1, 3, 4) x;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT jsonb_agg(x) INTO delta FROM (
      SELECT "environmentId", 'trust' AS source, kind::text || CASE WHEN "isCa" THEN ':ca' ELSE ':leaf' END AS category, "notAfter"::date AS day, -count(*)::int AS n
      FROM old_rows GROUP BY 1, 3, 4) x;
  ELSE
    SELECT jsonb_agg(x) INTO delta FROM (
      SELECT "environmentId", 'trust' AS source, category, day, sum(s)::int AS n FROM (
        SELECT "environmentId", kind::text || CASE WHEN "isCa" THEN ':ca' ELSE ':leaf' END AS category, "notAfter"::date AS day, 1 AS s FROM new_rows
        UNION ALL
        SELECT "environmentId", kind::text || CASE WHEN "isCa" THEN ':ca' ELSE ':leaf' END, "notAfter"::date, -1 FROM old_rows) u
      GROUP BY 1, 3, 4 HAVING sum(s) <> 0) x;
  END IF;
  IF delta IS NOT NULL THEN PERFORM expiry_bucket_add(delta); END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER expiry_bucket_insert AFTER INSERT ON "certificate" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION certificate_expiry_bucket();
CREATE TRIGGER expiry_bucket_update AFTER UPDATE ON "certificate" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION certificate_expiry_bucket();
CREATE TRIGGER expiry_bucket_delete AFTER DELETE ON "certificate" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION certificate_expiry_bucket();
CREATE TRIGGER expiry_bucket_insert AFTER INSERT ON "trust_store_entry" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION trust_store_entry_expiry_bucket();
CREATE TRIGGER expiry_bucket_update AFTER UPDATE ON "trust_store_entry" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION trust_store_entry_expiry_bucket();
CREATE TRIGGER expiry_bucket_delete AFTER DELETE ON "trust_store_entry" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION trust_store_entry_expiry_bucket();

CREATE FUNCTION expiry_bucket_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE expiry_bucket SET n = 0 WHERE source = TG_ARGV[0] AND n <> 0;
  IF TG_ARGV[0] = 'certificate' THEN DELETE FROM reminder_open; END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER expiry_bucket_truncate AFTER TRUNCATE ON "certificate" FOR EACH STATEMENT EXECUTE FUNCTION expiry_bucket_truncate('certificate');
CREATE TRIGGER expiry_bucket_truncate AFTER TRUNCATE ON "trust_store_entry" FOR EACH STATEMENT EXECUTE FUNCTION expiry_bucket_truncate('trust');

-- Recounts the open (sent, not acknowledged) reminder subjects of the given certificates. The
-- certificates are locked first (in id order), so that two transactions changing one certificate's
-- reminders recount one after the other, each from the other's committed rows (READ COMMITTED
-- takes a new snapshot per statement).
CREATE FUNCTION reminder_open_refresh(ids TEXT[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM 1 FROM certificate WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
  INSERT INTO reminder_open AS r ("certificateId", "environmentId", open)
  SELECT c.id, c."environmentId",
         (SELECT count(DISTINCT rd.subject)::int FROM reminder_delivery rd
          WHERE rd."certificateId" = c.id AND rd.status = 'sent'
            AND NOT EXISTS (SELECT 1 FROM reminder_state rs WHERE rs."certificateId" = rd."certificateId" AND rs.subject = rd.subject
                            AND rs."acknowledgedAt" IS NOT NULL))
  FROM certificate c
  WHERE c.id = ANY(ids) AND c."revokedAt" IS NULL AND c."supersededById" IS NULL
  ORDER BY c.id
  ON CONFLICT ("certificateId") DO UPDATE SET open = excluded.open, "environmentId" = excluded."environmentId";
  DELETE FROM reminder_open r
  WHERE r."certificateId" = ANY(ids)
    AND (r.open = 0 OR NOT EXISTS (SELECT 1 FROM certificate c WHERE c.id = r."certificateId" AND c."revokedAt" IS NULL AND c."supersededById" IS NULL));
END;
$$;

CREATE FUNCTION reminder_delivery_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM reminder_open_refresh(ARRAY(SELECT DISTINCT "certificateId" FROM new_rows WHERE status = 'sent'));
  ELSE
    PERFORM reminder_open_refresh(ARRAY(SELECT DISTINCT "certificateId" FROM old_rows WHERE status = 'sent'));
  END IF;
  RETURN NULL;
END;
$$;

-- Updates: per row, and only those that can change a count (the sweep claims, retries and
-- releases deliveries many times for each one it sends): the WHEN is evaluated without a call.
CREATE FUNCTION reminder_delivery_open_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM reminder_open_refresh(ARRAY(SELECT DISTINCT x FROM unnest(ARRAY[OLD."certificateId", NEW."certificateId"]) x));
  RETURN NULL;
END;
$$;

CREATE FUNCTION reminder_state_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM reminder_open_refresh(ARRAY(SELECT DISTINCT "certificateId" FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM reminder_open_refresh(ARRAY(SELECT DISTINCT "certificateId" FROM old_rows));
  ELSE
    PERFORM reminder_open_refresh(ARRAY(
      SELECT n."certificateId" FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n."acknowledgedAt" IS NULL) IS DISTINCT FROM (o."acknowledgedAt" IS NULL) OR n.subject IS DISTINCT FROM o.subject OR n."certificateId" IS DISTINCT FROM o."certificateId"
      UNION SELECT o."certificateId" FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n."certificateId" IS DISTINCT FROM o."certificateId"));
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION certificate_reminder_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM reminder_open WHERE "certificateId" IN (SELECT id FROM old_rows);
  ELSE
    PERFORM reminder_open_refresh(ARRAY(
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE certificate_category(n."revokedAt", n."supersededById") IS DISTINCT FROM certificate_category(o."revokedAt", o."supersededById")
         OR n."environmentId" IS DISTINCT FROM o."environmentId"));
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER reminder_open_insert AFTER INSERT ON "reminder_delivery" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reminder_delivery_open();
CREATE TRIGGER reminder_open_update AFTER UPDATE ON "reminder_delivery" FOR EACH ROW
  WHEN ((OLD.status = 'sent') IS DISTINCT FROM (NEW.status = 'sent')
        OR ((OLD.status = 'sent' OR NEW.status = 'sent') AND (OLD.subject IS DISTINCT FROM NEW.subject OR OLD."certificateId" IS DISTINCT FROM NEW."certificateId")))
  EXECUTE FUNCTION reminder_delivery_open_row();
CREATE TRIGGER reminder_open_delete AFTER DELETE ON "reminder_delivery" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reminder_delivery_open();
CREATE TRIGGER reminder_open_insert AFTER INSERT ON "reminder_state" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reminder_state_open();
CREATE TRIGGER reminder_open_update AFTER UPDATE ON "reminder_state" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reminder_state_open();
CREATE TRIGGER reminder_open_delete AFTER DELETE ON "reminder_state" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reminder_state_open();
CREATE TRIGGER reminder_open_update AFTER UPDATE ON "certificate" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION certificate_reminder_open();
CREATE TRIGGER reminder_open_delete AFTER DELETE ON "certificate" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION certificate_reminder_open();

CREATE FUNCTION reminder_open_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'reminder_delivery' THEN DELETE FROM reminder_open;
  ELSE PERFORM reminder_open_refresh(ARRAY(SELECT "certificateId" FROM reminder_open UNION SELECT DISTINCT "certificateId" FROM reminder_delivery WHERE status = 'sent'));
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER reminder_open_truncate AFTER TRUNCATE ON "reminder_delivery" FOR EACH STATEMENT EXECUTE FUNCTION reminder_open_truncate();
CREATE TRIGGER reminder_open_truncate AFTER TRUNCATE ON "reminder_state" FOR EACH STATEMENT EXECUTE FUNCTION reminder_open_truncate();

-- What the existing rows add up to.
INSERT INTO expiry_bucket ("environmentId", source, category, day, n)
SELECT "environmentId", 'certificate', certificate_category("revokedAt", "supersededById"), "notAfter"::date, count(*)::int FROM certificate GROUP BY 1, 3, 4;
INSERT INTO expiry_bucket ("environmentId", source, category, day, n)
SELECT "environmentId", 'trust', kind::text || CASE WHEN "isCa" THEN ':ca' ELSE ':leaf' END, "notAfter"::date, count(*)::int FROM trust_store_entry GROUP BY 1, 3, 4;
SELECT reminder_open_refresh(ARRAY(SELECT DISTINCT "certificateId" FROM reminder_delivery WHERE status = 'sent'));
