-- CreateTable
CREATE TABLE "merchant_refunds" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "token" TEXT NOT NULL,
    "order_id" INTEGER NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "posting_id" INTEGER,
    "created_at" DATETIME NOT NULL,
    "done_at" DATETIME,
    CONSTRAINT "merchant_refunds_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "merchant_orders" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "merchant_refunds_token_key" ON "merchant_refunds"("token");

-- CreateIndex
CREATE INDEX "merchant_refunds_order_id_idx" ON "merchant_refunds"("order_id");
