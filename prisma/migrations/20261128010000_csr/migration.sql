-- CreateEnum
CREATE TYPE "CsrStatus" AS ENUM ('generated', 'submitted', 'fulfilled', 'cancelled');

-- CreateTable
CREATE TABLE "csr" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "pem" TEXT NOT NULL,
    "subjectDn" TEXT NOT NULL,
    "subject" JSONB NOT NULL,
    "commonName" TEXT NOT NULL,
    "keyType" TEXT NOT NULL,
    "keySize" INTEGER,
    "curve" TEXT,
    "signatureAlgorithm" TEXT NOT NULL,
    "publicKeySha256" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "cnOverridden" BOOLEAN NOT NULL DEFAULT false,
    "status" "CsrStatus" NOT NULL DEFAULT 'generated',
    "submittedAt" TIMESTAMP(3),
    "submittedTo" TEXT,
    "submissionRef" TEXT,
    "cancelledAt" TIMESTAMP(3),
    "cancelReason" TEXT,
    "fulfilledAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "csr_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "csr_publicKeySha256_key" ON "csr"("publicKeySha256");

-- CreateIndex
CREATE INDEX "csr_environmentId_createdAt_idx" ON "csr"("environmentId", "createdAt");

-- CreateIndex
CREATE INDEX "csr_status_idx" ON "csr"("status");

-- AddForeignKey
ALTER TABLE "csr" ADD CONSTRAINT "csr_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "environment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- The append-only rule of the audit trail also covers TRUNCATE (a row trigger does not).
CREATE TRIGGER audit_event_no_truncate
  BEFORE TRUNCATE ON "audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
