-- CreateEnum
CREATE TYPE "TrustStoreKind" AS ENUM ('client-cert-issuers', 'd1-server-roots', 'thales-client-ca', 'our-server-chain');

-- CreateTable
CREATE TABLE "certificate" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "der" BYTEA NOT NULL,
    "chainPem" TEXT NOT NULL DEFAULT '',
    "serialNumber" TEXT NOT NULL,
    "subjectDn" TEXT NOT NULL,
    "subject" JSONB NOT NULL,
    "commonName" TEXT NOT NULL,
    "issuerDn" TEXT NOT NULL,
    "notBefore" TIMESTAMP(3) NOT NULL,
    "notAfter" TIMESTAMP(3) NOT NULL,
    "keyType" TEXT NOT NULL,
    "keySize" INTEGER,
    "curve" TEXT,
    "signatureAlgorithm" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "publicKeySha256" TEXT NOT NULL,
    "compliant" BOOLEAN NOT NULL,
    "checks" JSONB NOT NULL,
    "csrId" TEXT,
    "supersededById" TEXT,
    "revokedAt" TIMESTAMP(3),
    "revokedReason" TEXT,
    "createdById" TEXT,
    "createdByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "certificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trust_store_entry" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "kind" "TrustStoreKind" NOT NULL,
    "der" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,
    "subjectDn" TEXT NOT NULL,
    "issuerDn" TEXT NOT NULL,
    "subjectKeyId" TEXT,
    "notBefore" TIMESTAMP(3) NOT NULL,
    "notAfter" TIMESTAMP(3) NOT NULL,
    "isCa" BOOLEAN NOT NULL,
    "selfIssued" BOOLEAN NOT NULL,
    "createdById" TEXT,
    "createdByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trust_store_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "certificate_sha256_key" ON "certificate"("sha256");

-- CreateIndex
CREATE INDEX "certificate_environmentId_notAfter_idx" ON "certificate"("environmentId", "notAfter");

-- CreateIndex
CREATE INDEX "certificate_notAfter_idx" ON "certificate"("notAfter");

-- CreateIndex
CREATE INDEX "certificate_publicKeySha256_idx" ON "certificate"("publicKeySha256");

-- CreateIndex
CREATE INDEX "certificate_csrId_idx" ON "certificate"("csrId");

-- CreateIndex
CREATE INDEX "trust_store_entry_environmentId_kind_idx" ON "trust_store_entry"("environmentId", "kind");

-- CreateIndex
CREATE INDEX "trust_store_entry_notAfter_idx" ON "trust_store_entry"("notAfter");

-- CreateIndex
CREATE UNIQUE INDEX "trust_store_entry_environmentId_kind_sha256_key" ON "trust_store_entry"("environmentId", "kind", "sha256");

-- AddForeignKey
ALTER TABLE "certificate" ADD CONSTRAINT "certificate_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "environment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "certificate" ADD CONSTRAINT "certificate_csrId_fkey" FOREIGN KEY ("csrId") REFERENCES "csr"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "certificate" ADD CONSTRAINT "certificate_supersededById_fkey" FOREIGN KEY ("supersededById") REFERENCES "certificate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trust_store_entry" ADD CONSTRAINT "trust_store_entry_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "environment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

