-- CreateTable
CREATE TABLE "held_payments" (
    "id" SERIAL NOT NULL,
    "hold_id" INTEGER NOT NULL,
    "payer_user_id" INTEGER NOT NULL,
    "payee_user_id" INTEGER NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "memo" TEXT,
    "reasons" TEXT NOT NULL,
    "spending_day" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "decided_at" TIMESTAMP(3),
    "decided_by_telegram_id" BIGINT,

    CONSTRAINT "held_payments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "held_payments_hold_id_key" ON "held_payments"("hold_id");

-- CreateIndex
CREATE INDEX "held_payments_status_id_idx" ON "held_payments"("status", "id");

-- CreateIndex
CREATE INDEX "held_payments_status_expires_at_idx" ON "held_payments"("status", "expires_at");

-- AddForeignKey
ALTER TABLE "held_payments" ADD CONSTRAINT "held_payments_hold_id_fkey" FOREIGN KEY ("hold_id") REFERENCES "holds"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
