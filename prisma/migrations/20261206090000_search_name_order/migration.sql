-- The search's name copies kept in name order (ADR 0030). A fragment such as PRD-0004 has every
-- trigram in common with a whole gateway's names, which the search reads and rechecks: 10,080
-- candidates at 100,000 certificates. Rows come in as certificates are issued, so one gateway's
-- names are spread over every page of the copy (all 935 at 100,000), and the recheck
-- reads them all. CLUSTER on these indexes puts each gateway's names side by side (134 pages);
-- lib/db/name-order.ts runs it when a copy's order has decayed.

CREATE INDEX "certificate_name_order_idx" ON "certificate_name"("name");
CREATE INDEX "csr_name_order_idx" ON "csr_name"("name");
CREATE INDEX "trust_store_entry_name_order_idx" ON "trust_store_entry_name"("name");
