-- CreateTable
CREATE TABLE "payment_cards" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "token" TEXT NOT NULL,
    "from_user_id" INTEGER NOT NULL,
    "to_user_id" INTEGER,
    "to_username" TEXT,
    "amount_minor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "memo" TEXT,
    "status" TEXT NOT NULL,
    "posting_id" INTEGER,
    "claim_id" INTEGER,
    "expires_at" DATETIME NOT NULL,
    "created_at" DATETIME NOT NULL,
    "closed_at" DATETIME
);

-- CreateTable
CREATE TABLE "claims" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "token" TEXT NOT NULL,
    "sender_user_id" INTEGER NOT NULL,
    "hold_id" INTEGER NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "memo" TEXT,
    "status" TEXT NOT NULL,
    "claimed_by_user_id" INTEGER,
    "expires_at" DATETIME NOT NULL,
    "created_at" DATETIME NOT NULL,
    "closed_at" DATETIME
);

-- CreateTable
CREATE TABLE "inline_offers" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "token" TEXT NOT NULL,
    "sender_user_id" INTEGER NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "memo" TEXT,
    "status" TEXT NOT NULL,
    "inline_message_id" TEXT,
    "receiver_user_id" INTEGER,
    "posting_id" INTEGER,
    "expires_at" DATETIME NOT NULL,
    "created_at" DATETIME NOT NULL,
    "closed_at" DATETIME
);

-- CreateTable
CREATE TABLE "processed_updates" (
    "update_id" BIGINT NOT NULL PRIMARY KEY,
    "received_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "payment_cards_token_key" ON "payment_cards"("token");

-- CreateIndex
CREATE UNIQUE INDEX "claims_token_key" ON "claims"("token");

-- CreateIndex
CREATE UNIQUE INDEX "claims_hold_id_key" ON "claims"("hold_id");

-- CreateIndex
CREATE INDEX "claims_status_expires_at_idx" ON "claims"("status", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "inline_offers_token_key" ON "inline_offers"("token");

-- CreateIndex
CREATE INDEX "processed_updates_received_at_idx" ON "processed_updates"("received_at");
