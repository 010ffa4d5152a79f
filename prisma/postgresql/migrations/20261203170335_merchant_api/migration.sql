-- AlterTable
ALTER TABLE "merchant_orders" ADD COLUMN     "attach" TEXT,
ADD COLUMN     "notify_url" TEXT,
ADD COLUMN     "out_trade_no" TEXT,
ADD COLUMN     "request_hash" TEXT;

-- AlterTable
ALTER TABLE "merchant_refunds" ADD COLUMN     "merchant_id" INTEGER,
ADD COLUMN     "notify_url" TEXT,
ADD COLUMN     "out_refund_no" TEXT,
ADD COLUMN     "reason" TEXT,
ADD COLUMN     "request_hash" TEXT;

-- AlterTable
ALTER TABLE "merchants" ADD COLUMN     "api_v3_key_sealed" TEXT,
ADD COLUMN     "appid" TEXT,
ADD COLUMN     "mchid" TEXT;

-- CreateTable
CREATE TABLE "merchant_api_keys" (
    "id" SERIAL NOT NULL,
    "merchant_id" INTEGER NOT NULL,
    "serial_no" TEXT NOT NULL,
    "public_key_pem" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "merchant_api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "merchant_api_nonces" (
    "merchant_id" INTEGER NOT NULL,
    "nonce" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "merchant_api_nonces_pkey" PRIMARY KEY ("merchant_id","nonce")
);

-- CreateTable
CREATE TABLE "platform_keys" (
    "id" INTEGER NOT NULL,
    "public_key_id" TEXT NOT NULL,
    "serial_no" TEXT NOT NULL,
    "private_key_sealed" TEXT NOT NULL,
    "public_key_pem" TEXT NOT NULL,
    "certificate_pem" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "platform_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "merchant_notifications" (
    "id" SERIAL NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "merchant_id" INTEGER NOT NULL,
    "order_id" INTEGER NOT NULL,
    "event_type" TEXT NOT NULL,
    "notify_url" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL,
    "lease_until" TIMESTAMP(3),
    "last_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "sent_at" TIMESTAMP(3),

    CONSTRAINT "merchant_notifications_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "merchant_api_keys" ADD CONSTRAINT "merchant_api_keys_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
