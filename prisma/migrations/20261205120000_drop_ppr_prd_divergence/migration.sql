-- AlterTable
ALTER TABLE "gateway" DROP COLUMN "clientCaDivergenceReason";

-- The "PPR and PRD trust different Thales Client CAs" finding is gone (ADR 0015): its bell
-- notifications go too, read or not, so that no stored notification points at it.
DELETE FROM "notification" WHERE "deliveryId" LIKE 'finding:%:ppr-prd-differ:%';
