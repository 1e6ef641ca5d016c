-- CreateEnum
CREATE TYPE "RenewalStatus" AS ENUM ('open', 'completed', 'abandoned');

-- AlterTable
ALTER TABLE "gateway" ADD COLUMN     "reminderEmails" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "reminderThresholds" INTEGER[] DEFAULT ARRAY[120, 90, 60, 30, 14, 7, 3, 1]::INTEGER[],
ADD COLUMN     "webhookUrl" TEXT;

-- AlterTable
ALTER TABLE "environment" ADD COLUMN     "renewalLeadDaysOverride" INTEGER;

-- CreateTable
CREATE TABLE "renewal" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "oldCertificateId" TEXT NOT NULL,
    "status" "RenewalStatus" NOT NULL DEFAULT 'open',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedBy" TEXT NOT NULL,
    "newCsrId" TEXT,
    "csrAt" TIMESTAMP(3),
    "csrBy" TEXT,
    "submittedAt" TIMESTAMP(3),
    "submittedBy" TEXT,
    "submissionRef" TEXT,
    "newCertificateId" TEXT,
    "importedAt" TIMESTAMP(3),
    "importedBy" TEXT,
    "deployedAt" TIMESTAMP(3),
    "deployedBy" TEXT,
    "deploymentNote" TEXT,
    "retiredAt" TIMESTAMP(3),
    "retiredBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "renewal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reminder_delivery" (
    "id" TEXT NOT NULL,
    "certificateId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "threshold" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reminder_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery_attempt" (
    "id" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ok" BOOLEAN NOT NULL,
    "detail" TEXT NOT NULL,

    CONSTRAINT "delivery_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reminder_state" (
    "id" TEXT NOT NULL,
    "certificateId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedBy" TEXT,
    "snoozedUntil" TIMESTAMP(3),
    "snoozeReason" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "reminder_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "calendar_feed" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "calendar_feed_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "renewal_environmentId_status_idx" ON "renewal"("environmentId", "status");

-- CreateIndex
CREATE INDEX "renewal_oldCertificateId_idx" ON "renewal"("oldCertificateId");

-- CreateIndex
CREATE INDEX "reminder_delivery_status_nextAttemptAt_idx" ON "reminder_delivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "reminder_delivery_certificateId_subject_threshold_channel_key" ON "reminder_delivery"("certificateId", "subject", "threshold", "channel");

-- CreateIndex
CREATE INDEX "delivery_attempt_deliveryId_idx" ON "delivery_attempt"("deliveryId");

-- CreateIndex
CREATE UNIQUE INDEX "reminder_state_certificateId_subject_key" ON "reminder_state"("certificateId", "subject");

-- CreateIndex
CREATE INDEX "notification_userId_readAt_idx" ON "notification"("userId", "readAt");

-- CreateIndex
CREATE UNIQUE INDEX "notification_userId_deliveryId_key" ON "notification"("userId", "deliveryId");

-- CreateIndex
CREATE UNIQUE INDEX "calendar_feed_userId_key" ON "calendar_feed"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "calendar_feed_tokenHash_key" ON "calendar_feed"("tokenHash");

-- AddForeignKey
ALTER TABLE "renewal" ADD CONSTRAINT "renewal_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "environment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "renewal" ADD CONSTRAINT "renewal_oldCertificateId_fkey" FOREIGN KEY ("oldCertificateId") REFERENCES "certificate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "renewal" ADD CONSTRAINT "renewal_newCsrId_fkey" FOREIGN KEY ("newCsrId") REFERENCES "csr"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "renewal" ADD CONSTRAINT "renewal_newCertificateId_fkey" FOREIGN KEY ("newCertificateId") REFERENCES "certificate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reminder_delivery" ADD CONSTRAINT "reminder_delivery_certificateId_fkey" FOREIGN KEY ("certificateId") REFERENCES "certificate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_attempt" ADD CONSTRAINT "delivery_attempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "reminder_delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reminder_state" ADD CONSTRAINT "reminder_state_certificateId_fkey" FOREIGN KEY ("certificateId") REFERENCES "certificate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calendar_feed" ADD CONSTRAINT "calendar_feed_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

