-- CreateTable
CREATE TABLE "merchant_refunds" (
    "id" SERIAL NOT NULL,
    "token" TEXT NOT NULL,
    "order_id" INTEGER NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "posting_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL,
    "done_at" TIMESTAMP(3),

    CONSTRAINT "merchant_refunds_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "merchant_refunds_token_key" ON "merchant_refunds"("token");

-- CreateIndex
CREATE INDEX "merchant_refunds_order_id_idx" ON "merchant_refunds"("order_id");

-- AddForeignKey
ALTER TABLE "merchant_refunds" ADD CONSTRAINT "merchant_refunds_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "merchant_orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
