-- AlterTable
ALTER TABLE "user" ADD COLUMN     "disabledAt" TIMESTAMP(3),
ADD COLUMN     "disabledReason" TEXT,
ADD COLUMN     "lastSeenAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "api_token" ADD COLUMN     "createdByLabel" TEXT;


-- Users who exist before this migration have no record of their last sign-in: the inactivity
-- clock (USER_INACTIVE_DAYS) starts for them now rather than at their creation date.
UPDATE "user" SET "lastSeenAt" = CURRENT_TIMESTAMP;
