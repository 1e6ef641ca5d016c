-- Indexes for the global search (lib/search/search.ts): trigram indexes find a fragment of a
-- Common Name or a subject DN without reading every row, and CSRs come newest first from an
-- index. pg_trgm is a trusted extension (PostgreSQL 13+): the database owner can create it
-- without superuser rights.
-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "csr_createdAt_idx" ON "csr"("createdAt");

-- CreateIndex
CREATE INDEX "csr_commonName_trgm_idx" ON "csr" USING GIN ("commonName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "certificate_commonName_trgm_idx" ON "certificate" USING GIN ("commonName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "trust_store_entry_subjectDn_trgm_idx" ON "trust_store_entry" USING GIN ("subjectDn" gin_trgm_ops);

