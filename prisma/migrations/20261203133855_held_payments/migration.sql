-- CreateTable
CREATE TABLE "held_payments" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "hold_id" INTEGER NOT NULL,
    "payer_user_id" INTEGER NOT NULL,
    "payee_user_id" INTEGER NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "memo" TEXT,
    "reasons" TEXT NOT NULL,
    "spending_day" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "expires_at" DATETIME NOT NULL,
    "created_at" DATETIME NOT NULL,
    "decided_at" DATETIME,
    "decided_by_telegram_id" BIGINT,
    CONSTRAINT "held_payments_hold_id_fkey" FOREIGN KEY ("hold_id") REFERENCES "holds" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "held_payments_hold_id_key" ON "held_payments"("hold_id");

-- CreateIndex
CREATE INDEX "held_payments_status_id_idx" ON "held_payments"("status", "id");

-- CreateIndex
CREATE INDEX "held_payments_status_expires_at_idx" ON "held_payments"("status", "expires_at");
