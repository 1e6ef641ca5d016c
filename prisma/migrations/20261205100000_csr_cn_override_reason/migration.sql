-- Why an admin accepted a CSR whose CN differs from the gateway's template (issue 14).
-- AlterTable
ALTER TABLE "csr" ADD COLUMN     "cnOverrideReason" TEXT;

