-- CreateIndex
CREATE UNIQUE INDEX "bank_operations_hold_id_key" ON "bank_operations"("hold_id");

-- CreateIndex
CREATE UNIQUE INDEX "bank_operations_posting_id_key" ON "bank_operations"("posting_id");
