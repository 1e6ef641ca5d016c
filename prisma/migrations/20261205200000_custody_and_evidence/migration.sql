-- CreateEnum
CREATE TYPE "InstallationKind" AS ENUM ('file', 'java-keystore', 'pkcs11', 'kubernetes-secret', 'host-port', 'other');

-- AlterTable
ALTER TABLE "environment" ADD COLUMN     "oauthTokenEndpoint" TEXT;

-- CreateTable
CREATE TABLE "installation" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "certificateId" TEXT,
    "signingKeyId" TEXT,
    "probeTargetId" TEXT,
    "kind" "InstallationKind" NOT NULL,
    "systemName" TEXT NOT NULL,
    "host" TEXT NOT NULL DEFAULT '',
    "port" INTEGER,
    "location" TEXT NOT NULL DEFAULT '',
    "notes" TEXT NOT NULL DEFAULT '',
    "custodianId" TEXT,
    "removedAt" TIMESTAMP(3),
    "removedBy" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "installation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "environment_custodian" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "assignedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "assignedBy" TEXT NOT NULL,
    "acknowledgedAt" TIMESTAMP(3),
    "removedAt" TIMESTAMP(3),
    "removedBy" TEXT,

    CONSTRAINT "environment_custodian_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory_review" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT,
    "reviewedOn" DATE NOT NULL,
    "reviewerId" TEXT,
    "reviewerLabel" TEXT NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "changes" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inventory_review_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "installation_environmentId_idx" ON "installation"("environmentId");

-- CreateIndex
CREATE INDEX "installation_certificateId_idx" ON "installation"("certificateId");

-- CreateIndex
CREATE INDEX "installation_signingKeyId_idx" ON "installation"("signingKeyId");

-- CreateIndex
CREATE INDEX "installation_probeTargetId_idx" ON "installation"("probeTargetId");

-- CreateIndex
CREATE INDEX "installation_custodianId_idx" ON "installation"("custodianId");

-- CreateIndex
CREATE INDEX "environment_custodian_userId_idx" ON "environment_custodian"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "environment_custodian_environmentId_userId_key" ON "environment_custodian"("environmentId", "userId");

-- CreateIndex
CREATE INDEX "inventory_review_environmentId_reviewedOn_idx" ON "inventory_review"("environmentId", "reviewedOn");

-- AddForeignKey
ALTER TABLE "installation" ADD CONSTRAINT "installation_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "environment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "installation" ADD CONSTRAINT "installation_certificateId_fkey" FOREIGN KEY ("certificateId") REFERENCES "certificate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "installation" ADD CONSTRAINT "installation_signingKeyId_fkey" FOREIGN KEY ("signingKeyId") REFERENCES "signing_key"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "installation" ADD CONSTRAINT "installation_probeTargetId_fkey" FOREIGN KEY ("probeTargetId") REFERENCES "probe_target"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "installation" ADD CONSTRAINT "installation_custodianId_fkey" FOREIGN KEY ("custodianId") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "environment_custodian" ADD CONSTRAINT "environment_custodian_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "environment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "environment_custodian" ADD CONSTRAINT "environment_custodian_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_review" ADD CONSTRAINT "inventory_review_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "environment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- The fleet-wide pages read these tables: a committed write moves data_version (ADR 0011).
CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON "installation" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_bump();
CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON "environment_custodian" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_bump();
CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON "inventory_review" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_bump_truncate AFTER TRUNCATE ON "installation" FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_bump_truncate AFTER TRUNCATE ON "environment_custodian" FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_bump_truncate AFTER TRUNCATE ON "inventory_review" FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
