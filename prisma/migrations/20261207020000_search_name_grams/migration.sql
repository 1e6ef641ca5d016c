-- Each search name's 4-grams, for fragments of 4 characters or more (ADR 0032). The trigram
-- index splits a name into words at every - / _ and cannot see what follows what: every trigram
-- of PRD-0004 is in each of gateway MGW_000004's names, so at 100,000 certificates it proposed
-- 10,080 candidates per kind for 5 matches. Every 4-gram of a fragment is in each name that
-- holds the fragment, so containment never loses a match; the search still checks the fragment
-- itself. For PRD-0004 it proposes 14 candidates.

-- Every run of 4 characters of a name, in order and with repeats (the GIN index keeps each once).
CREATE FUNCTION search_name_grams(name TEXT) RETURNS TEXT[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT ARRAY(SELECT substr(name, i, 4) FROM generate_series(1, length(name) - 3) AS i) $$;

-- Stored, not an index on the expression: a plan that reads the copy in order (a fragment that
-- most names hold, where the first 101 matches come at once) would otherwise compute the 4-grams
-- of every row it passes, about 40 µs a name on PGlite.
ALTER TABLE "certificate_name" ADD COLUMN "grams" TEXT[] GENERATED ALWAYS AS (search_name_grams("name")) STORED;
ALTER TABLE "csr_name" ADD COLUMN "grams" TEXT[] GENERATED ALWAYS AS (search_name_grams("name")) STORED;
ALTER TABLE "trust_store_entry_name" ADD COLUMN "grams" TEXT[] GENERATED ALWAYS AS (search_name_grams("name")) STORED;

-- CreateIndex
CREATE INDEX "certificate_name_grams_idx" ON "certificate_name" USING GIN ("grams");

-- CreateIndex
CREATE INDEX "csr_name_grams_idx" ON "csr_name" USING GIN ("grams");

-- CreateIndex
CREATE INDEX "trust_store_entry_name_grams_idx" ON "trust_store_entry_name" USING GIN ("grams");
