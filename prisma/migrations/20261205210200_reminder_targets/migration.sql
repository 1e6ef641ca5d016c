-- Issue 17 item 3 (ADR 0023): a delivery is about a certificate, a trust-store entry, a finding or
-- the yearly review. (targetKind, targetKey, subject, threshold, channel) is the one unique key,
-- over NOT NULL columns only, so that PostgreSQL dedupes every kind (a UNIQUE over a nullable
-- column would not: NULLs are distinct).

-- DropIndex
DROP INDEX "reminder_delivery_certificateId_subject_threshold_channel_key";

-- AlterTable
ALTER TABLE "reminder_delivery" ADD COLUMN     "content" TEXT,
ADD COLUMN     "environmentId" TEXT,
ADD COLUMN     "targetKey" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "targetKind" TEXT NOT NULL DEFAULT 'certificate',
ALTER COLUMN "certificateId" DROP NOT NULL;

-- Every existing row is a certificate's: its key is its certificate. The change counter's
-- trigger (ADR 0011) is deferred; fired now, it leaves no pending event to block the indexes below.
SET CONSTRAINTS ALL IMMEDIATE;
UPDATE "reminder_delivery" SET "targetKey" = "certificateId" WHERE "targetKind" = 'certificate';

-- A certificate's row written without a key (older code, tools) gets its certificateId, so that it
-- still meets its twins in the unique key.
CREATE FUNCTION reminder_delivery_target_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."targetKey" = '' AND NEW."certificateId" IS NOT NULL THEN
    NEW."targetKey" := NEW."certificateId";
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER reminder_delivery_target_key BEFORE INSERT OR UPDATE ON "reminder_delivery" FOR EACH ROW EXECUTE FUNCTION reminder_delivery_target_key();

-- CreateIndex
CREATE INDEX "reminder_delivery_certificateId_idx" ON "reminder_delivery"("certificateId");

-- CreateIndex
CREATE UNIQUE INDEX "reminder_delivery_targetKind_targetKey_subject_threshold_ch_key" ON "reminder_delivery"("targetKind", "targetKey", "subject", "threshold", "channel");
