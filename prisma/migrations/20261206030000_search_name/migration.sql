-- The search's names in narrow rows (ADR 0012). A trigram index only proposes candidates: every
-- candidate row is read to check the pattern. The Common Names of a fleet share most trigrams
-- (TLSMA-…/MGW_…/PRD-…), so a fragment such as PRD-0004 had 10,000 candidates at 100,000
-- certificates, each on its own page of the wide certificate (1.6 kB a row) and CSR tables:
-- 20,000 page reads for 5 matches. Here the same check reads rows of ~60 bytes.

-- CreateTable
CREATE TABLE "certificate_name" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "certificate_name_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "csr_name" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "csr_name_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trust_store_entry_name" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "trust_store_entry_name_pkey" PRIMARY KEY ("id")
);

-- Kept by triggers in the writing transaction: <table>_name follows <table>.
CREATE FUNCTION search_name_keep() RETURNS trigger AS $$
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
  EXECUTE format('INSERT INTO %s (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name', copy)
    USING NEW.id, new_name;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER search_name_keep AFTER INSERT OR DELETE OR UPDATE OF id, "commonName" ON "certificate" FOR EACH ROW EXECUTE FUNCTION search_name_keep();
CREATE TRIGGER search_name_keep_truncate AFTER TRUNCATE ON "certificate" FOR EACH STATEMENT EXECUTE FUNCTION search_name_keep();
CREATE TRIGGER search_name_keep AFTER INSERT OR DELETE OR UPDATE OF id, "commonName" ON "csr" FOR EACH ROW EXECUTE FUNCTION search_name_keep();
CREATE TRIGGER search_name_keep_truncate AFTER TRUNCATE ON "csr" FOR EACH STATEMENT EXECUTE FUNCTION search_name_keep();
CREATE TRIGGER search_name_keep AFTER INSERT OR DELETE OR UPDATE OF id, "subjectDn" ON "trust_store_entry" FOR EACH ROW EXECUTE FUNCTION search_name_keep();
CREATE TRIGGER search_name_keep_truncate AFTER TRUNCATE ON "trust_store_entry" FOR EACH STATEMENT EXECUTE FUNCTION search_name_keep();

-- The names already there.
INSERT INTO "certificate_name" (id, name) SELECT id, "commonName" FROM certificate;
INSERT INTO "csr_name" (id, name) SELECT id, "commonName" FROM csr;
INSERT INTO "trust_store_entry_name" (id, name) SELECT id, "subjectDn" FROM trust_store_entry;

-- CreateIndex (after the copy: one build instead of 220,000 insertions into the index)
CREATE INDEX "certificate_name_trgm_idx" ON "certificate_name" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "csr_name_trgm_idx" ON "csr_name" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "trust_store_entry_name_trgm_idx" ON "trust_store_entry_name" USING GIN ("name" gin_trgm_ops);
