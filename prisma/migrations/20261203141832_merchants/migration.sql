-- AlterTable
ALTER TABLE "receive_codes" ADD COLUMN "merchant_id" INTEGER;

-- CreateTable
CREATE TABLE "merchants" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "owner_user_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "account_id" INTEGER,
    "created_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "merchant_orders" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "token" TEXT NOT NULL,
    "merchant_id" INTEGER NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "description" TEXT,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "payer_user_id" INTEGER,
    "posting_id" INTEGER,
    "expires_at" DATETIME NOT NULL,
    "created_at" DATETIME NOT NULL,
    "closed_at" DATETIME,
    CONSTRAINT "merchant_orders_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "merchants_owner_user_id_key" ON "merchants"("owner_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "merchants_account_id_key" ON "merchants"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "merchant_orders_token_key" ON "merchant_orders"("token");

-- CreateIndex
CREATE INDEX "merchant_orders_merchant_id_id_idx" ON "merchant_orders"("merchant_id", "id");

-- CreateIndex
CREATE INDEX "merchant_orders_status_expires_at_idx" ON "merchant_orders"("status", "expires_at");
