-- CreateEnum
CREATE TYPE "ServerChainChangeStatus" AS ENUM ('planned', 'notified', 'acknowledged', 'switched', 'cancelled');

-- AlterTable
ALTER TABLE "user" ADD COLUMN     "twoFactorEnabled" BOOLEAN DEFAULT false;

-- AlterTable
ALTER TABLE "gateway" ADD COLUMN     "clientCaDivergenceReason" TEXT,
ADD COLUMN     "keyRotationDays" INTEGER NOT NULL DEFAULT 365;

-- CreateTable
CREATE TABLE "two_factor" (
    "id" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "backupCodes" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "verified" BOOLEAN DEFAULT true,
    "failedVerificationCount" INTEGER DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),

    CONSTRAINT "two_factor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "client_ca_change" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "der" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,
    "subjectDn" TEXT NOT NULL,
    "issuerDn" TEXT NOT NULL,
    "notBefore" TIMESTAMP(3) NOT NULL,
    "notAfter" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "effectiveAt" TIMESTAMP(3),
    "replacesSha256" TEXT,
    "notes" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "client_ca_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "server_chain_change" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "chainPem" TEXT NOT NULL,
    "summary" JSONB NOT NULL,
    "plannedAt" TIMESTAMP(3) NOT NULL,
    "status" "ServerChainChangeStatus" NOT NULL DEFAULT 'planned',
    "notifiedAt" TIMESTAMP(3),
    "notifiedBy" TEXT,
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedBy" TEXT,
    "acknowledgementRef" TEXT,
    "switchedAt" TIMESTAMP(3),
    "switchedBy" TEXT,
    "overrideReason" TEXT,
    "cancelledAt" TIMESTAMP(3),
    "notes" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "server_chain_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "checklist_tick" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "doneOn" TIMESTAMP(3) NOT NULL,
    "tickedById" TEXT,
    "tickedByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "checklist_tick_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "probe_target" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "daily" BOOLEAN NOT NULL DEFAULT false,
    "createdById" TEXT,
    "createdByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "probe_target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "probe_result" (
    "id" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ok" BOOLEAN NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "result" JSONB NOT NULL,

    CONSTRAINT "probe_result_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signing_key" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "alg" TEXT NOT NULL DEFAULT 'ES256',
    "publicKeyPem" TEXT NOT NULL,
    "jwk" JSONB NOT NULL,
    "thumbprint" TEXT NOT NULL,
    "onboardedAt" TIMESTAMP(3),
    "onboardedBy" TEXT,
    "retiredAt" TIMESTAMP(3),
    "retiredBy" TEXT,
    "createdById" TEXT,
    "createdByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "signing_key_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "two_factor_secret_idx" ON "two_factor"("secret");

-- CreateIndex
CREATE INDEX "two_factor_userId_idx" ON "two_factor"("userId");

-- CreateIndex
CREATE INDEX "client_ca_change_environmentId_receivedAt_idx" ON "client_ca_change"("environmentId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "client_ca_change_environmentId_sha256_key" ON "client_ca_change"("environmentId", "sha256");

-- CreateIndex
CREATE INDEX "server_chain_change_environmentId_status_idx" ON "server_chain_change"("environmentId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "checklist_tick_environmentId_item_key" ON "checklist_tick"("environmentId", "item");

-- CreateIndex
CREATE UNIQUE INDEX "probe_target_environmentId_direction_host_port_key" ON "probe_target"("environmentId", "direction", "host", "port");

-- CreateIndex
CREATE INDEX "probe_result_targetId_at_idx" ON "probe_result"("targetId", "at");

-- CreateIndex
CREATE INDEX "probe_result_at_idx" ON "probe_result"("at");

-- CreateIndex
CREATE UNIQUE INDEX "signing_key_thumbprint_key" ON "signing_key"("thumbprint");

-- CreateIndex
CREATE INDEX "signing_key_environmentId_createdAt_idx" ON "signing_key"("environmentId", "createdAt");

-- AddForeignKey
ALTER TABLE "two_factor" ADD CONSTRAINT "two_factor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_ca_change" ADD CONSTRAINT "client_ca_change_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "environment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "server_chain_change" ADD CONSTRAINT "server_chain_change_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "environment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checklist_tick" ADD CONSTRAINT "checklist_tick_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "environment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "probe_target" ADD CONSTRAINT "probe_target_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "environment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "probe_result" ADD CONSTRAINT "probe_result_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "probe_target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signing_key" ADD CONSTRAINT "signing_key_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "environment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

