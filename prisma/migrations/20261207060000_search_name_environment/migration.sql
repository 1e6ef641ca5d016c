-- Each search name's environment, beside it (ADR 0033). With an environment filter, the search
-- took a kind's first 101 matching names and only then left out those of other environments: for
-- MGW_000003/P in PRD, whose first 101 names were all in PPR, it said "nothing found" beside
-- 10,000 matches. The filter now applies in the copy, before the limit, without reading the wide
-- rows. A record never moves to another environment, but the copy follows it if it does.

ALTER TABLE "certificate_name" ADD COLUMN "environmentId" TEXT;
ALTER TABLE "csr_name" ADD COLUMN "environmentId" TEXT;
ALTER TABLE "trust_store_entry_name" ADD COLUMN "environmentId" TEXT;

UPDATE "certificate_name" n SET "environmentId" = r."environmentId" FROM "certificate" r WHERE r.id = n.id;
UPDATE "csr_name" n SET "environmentId" = r."environmentId" FROM "csr" r WHERE r.id = n.id;
UPDATE "trust_store_entry_name" n SET "environmentId" = r."environmentId" FROM "trust_store_entry" r WHERE r.id = n.id;

ALTER TABLE "certificate_name" ALTER COLUMN "environmentId" SET NOT NULL;
ALTER TABLE "csr_name" ALTER COLUMN "environmentId" SET NOT NULL;
ALTER TABLE "trust_store_entry_name" ALTER COLUMN "environmentId" SET NOT NULL;

CREATE OR REPLACE FUNCTION search_name_keep() RETURNS trigger AS $$
DECLARE
  copy regclass := (TG_TABLE_NAME || '_name')::regclass;
  new_name text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    EXECUTE format('DELETE FROM %s', copy);
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.id <> NEW.id) THEN
    EXECUTE format('DELETE FROM %s WHERE id = $1', copy) USING OLD.id;
    IF TG_OP = 'DELETE' THEN
      RETURN NULL;
    END IF;
  END IF;
  -- Only the branch taken is prepared, for the table's own row type.
  IF TG_TABLE_NAME = 'trust_store_entry' THEN
    new_name := NEW."subjectDn";
  ELSE
    new_name := NEW."commonName";
  END IF;
  EXECUTE format('INSERT INTO %s (id, name, "environmentId") VALUES ($1, lower($2), $3) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, "environmentId" = EXCLUDED."environmentId"', copy)
    USING NEW.id, new_name, NEW."environmentId";
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- The row triggers now also follow a change of environment.
DROP TRIGGER search_name_keep ON "certificate";
DROP TRIGGER search_name_keep ON "csr";
DROP TRIGGER search_name_keep ON "trust_store_entry";
CREATE TRIGGER search_name_keep AFTER INSERT OR DELETE OR UPDATE OF id, "commonName", "environmentId" ON "certificate" FOR EACH ROW EXECUTE FUNCTION search_name_keep();
CREATE TRIGGER search_name_keep AFTER INSERT OR DELETE OR UPDATE OF id, "commonName", "environmentId" ON "csr" FOR EACH ROW EXECUTE FUNCTION search_name_keep();
CREATE TRIGGER search_name_keep AFTER INSERT OR DELETE OR UPDATE OF id, "subjectDn", "environmentId" ON "trust_store_entry" FOR EACH ROW EXECUTE FUNCTION search_name_keep();
