-- The search's name copies in lower case (ADR 0012). A narrow search's trigram candidates are
-- all checked against the pattern; with ILIKE each check lower-cases the name again, and on
-- PostgreSQL that was two thirds of the check (10,000 candidates for PRD-0004 at 100,000
-- certificates: 31-48 ms with ILIKE, 11-16 ms with LIKE on lower-cased names). The search now
-- matches `name LIKE lower(pattern)`, which is what ILIKE does, with the name lowered once, here.

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
  EXECUTE format('INSERT INTO %s (id, name) VALUES ($1, lower($2)) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name', copy)
    USING NEW.id, new_name;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- The names already there.
UPDATE "certificate_name" SET name = lower(name) WHERE name <> lower(name);
UPDATE "csr_name" SET name = lower(name) WHERE name <> lower(name);
UPDATE "trust_store_entry_name" SET name = lower(name) WHERE name <> lower(name);
