-- AlterTable
ALTER TABLE "merchant_orders" ADD COLUMN "attach" TEXT;
ALTER TABLE "merchant_orders" ADD COLUMN "notify_url" TEXT;
ALTER TABLE "merchant_orders" ADD COLUMN "out_trade_no" TEXT;
ALTER TABLE "merchant_orders" ADD COLUMN "request_hash" TEXT;

-- AlterTable
ALTER TABLE "merchant_refunds" ADD COLUMN "merchant_id" INTEGER;
ALTER TABLE "merchant_refunds" ADD COLUMN "notify_url" TEXT;
ALTER TABLE "merchant_refunds" ADD COLUMN "out_refund_no" TEXT;
ALTER TABLE "merchant_refunds" ADD COLUMN "reason" TEXT;
ALTER TABLE "merchant_refunds" ADD COLUMN "request_hash" TEXT;

-- AlterTable
ALTER TABLE "merchants" ADD COLUMN "api_v3_key_sealed" TEXT;
ALTER TABLE "merchants" ADD COLUMN "appid" TEXT;
ALTER TABLE "merchants" ADD COLUMN "mchid" TEXT;

-- CreateTable
CREATE TABLE "merchant_api_keys" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "merchant_id" INTEGER NOT NULL,
    "serial_no" TEXT NOT NULL,
    "public_key_pem" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "revoked_at" DATETIME,
    CONSTRAINT "merchant_api_keys_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "merchant_api_nonces" (
    "merchant_id" INTEGER NOT NULL,
    "nonce" TEXT NOT NULL,
    "expires_at" DATETIME NOT NULL,

    PRIMARY KEY ("merchant_id", "nonce")
);

-- CreateTable
CREATE TABLE "platform_keys" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "public_key_id" TEXT NOT NULL,
    "serial_no" TEXT NOT NULL,
    "private_key_sealed" TEXT NOT NULL,
    "public_key_pem" TEXT NOT NULL,
    "certificate_pem" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "merchant_notifications" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dedupe_key" TEXT NOT NULL,
    "merchant_id" INTEGER NOT NULL,
    "order_id" INTEGER NOT NULL,
    "event_type" TEXT NOT NULL,
    "notify_url" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" DATETIME NOT NULL,
    "lease_until" DATETIME,
    "last_error" TEXT,
    "created_at" DATETIME NOT NULL,
    "sent_at" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "merchant_api_keys_serial_no_key" ON "merchant_api_keys"("serial_no");

-- CreateIndex
CREATE INDEX "merchant_api_keys_merchant_id_status_idx" ON "merchant_api_keys"("merchant_id", "status");

-- CreateIndex
CREATE INDEX "merchant_api_nonces_expires_at_idx" ON "merchant_api_nonces"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "merchant_notifications_dedupe_key_key" ON "merchant_notifications"("dedupe_key");

-- CreateIndex
CREATE INDEX "merchant_notifications_status_next_attempt_at_idx" ON "merchant_notifications"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "merchant_notifications_order_id_id_idx" ON "merchant_notifications"("order_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "merchant_orders_merchant_id_out_trade_no_key" ON "merchant_orders"("merchant_id", "out_trade_no");

-- CreateIndex
CREATE UNIQUE INDEX "merchant_refunds_merchant_id_out_refund_no_key" ON "merchant_refunds"("merchant_id", "out_refund_no");

-- CreateIndex
CREATE UNIQUE INDEX "merchants_mchid_key" ON "merchants"("mchid");

