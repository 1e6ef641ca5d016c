-- AlterTable
ALTER TABLE "gateway" ADD COLUMN     "webhookFormat" TEXT NOT NULL DEFAULT 'slack';

