-- CreateTable
CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "telegram_id" BIGINT NOT NULL,
    "username" TEXT,
    "first_name" TEXT NOT NULL DEFAULT '',
    "last_name" TEXT,
    "language_code" TEXT,
    "locale" TEXT,
    "started_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "accounts" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "user_id" INTEGER,
    "currency" TEXT NOT NULL,
    "balance_minor" BIGINT NOT NULL DEFAULT 0,
    "may_go_negative" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "postings" (
    "id" SERIAL NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "memo" TEXT,
    "actor_telegram_id" BIGINT,
    "hold_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "postings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transfers" (
    "id" SERIAL NOT NULL,
    "posting_id" INTEGER NOT NULL,
    "debit_account_id" INTEGER NOT NULL,
    "credit_account_id" INTEGER NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "transfers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entries" (
    "id" SERIAL NOT NULL,
    "transfer_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "balance_after_minor" BIGINT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "holds" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "source_account_id" INTEGER NOT NULL,
    "escrow_account_id" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "remaining_minor" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "closed_at" TIMESTAMP(3),

    CONSTRAINT "holds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_cards" (
    "id" SERIAL NOT NULL,
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
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "closed_at" TIMESTAMP(3),

    CONSTRAINT "payment_cards_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "claims" (
    "id" SERIAL NOT NULL,
    "token" TEXT NOT NULL,
    "sender_user_id" INTEGER NOT NULL,
    "hold_id" INTEGER NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "memo" TEXT,
    "status" TEXT NOT NULL,
    "claimed_by_user_id" INTEGER,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "closed_at" TIMESTAMP(3),

    CONSTRAINT "claims_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inline_offers" (
    "id" SERIAL NOT NULL,
    "token" TEXT NOT NULL,
    "sender_user_id" INTEGER NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "memo" TEXT,
    "status" TEXT NOT NULL,
    "inline_message_id" TEXT,
    "receiver_user_id" INTEGER,
    "posting_id" INTEGER,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "closed_at" TIMESTAMP(3),

    CONSTRAINT "inline_offers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_updates" (
    "update_id" BIGINT NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "processed_updates_pkey" PRIMARY KEY ("update_id")
);

-- CreateTable
CREATE TABLE "red_packets" (
    "id" SERIAL NOT NULL,
    "token" TEXT NOT NULL,
    "sender_user_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "entered_minor" BIGINT NOT NULL,
    "entered_count" INTEGER NOT NULL,
    "total_minor" BIGINT NOT NULL,
    "share_count" INTEGER NOT NULL,
    "greeting" TEXT NOT NULL,
    "target_user_id" INTEGER,
    "reply_user_id" INTEGER,
    "status" TEXT NOT NULL,
    "hold_id" INTEGER,
    "chat_type" TEXT,
    "chat_id" BIGINT,
    "message_id" INTEGER,
    "inline_message_id" TEXT,
    "refunded_minor" BIGINT NOT NULL DEFAULT 0,
    "draft_expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "sent_at" TIMESTAMP(3),
    "expires_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "red_packets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "red_packet_shares" (
    "id" SERIAL NOT NULL,
    "packet_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "grabber_user_id" INTEGER,
    "grabbed_at" TIMESTAMP(3),

    CONSTRAINT "red_packet_shares_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_telegram_id_key" ON "users"("telegram_id");

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_code_key" ON "accounts"("code");

-- CreateIndex
CREATE INDEX "accounts_user_id_idx" ON "accounts"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "postings_idempotency_key_key" ON "postings"("idempotency_key");

-- CreateIndex
CREATE INDEX "postings_kind_created_at_idx" ON "postings"("kind", "created_at");

-- CreateIndex
CREATE INDEX "postings_hold_id_idx" ON "postings"("hold_id");

-- CreateIndex
CREATE INDEX "transfers_posting_id_idx" ON "transfers"("posting_id");

-- CreateIndex
CREATE INDEX "entries_account_id_id_idx" ON "entries"("account_id", "id");

-- CreateIndex
CREATE INDEX "holds_status_expires_at_idx" ON "holds"("status", "expires_at");

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

-- CreateIndex
CREATE UNIQUE INDEX "red_packets_token_key" ON "red_packets"("token");

-- CreateIndex
CREATE UNIQUE INDEX "red_packets_hold_id_key" ON "red_packets"("hold_id");

-- CreateIndex
CREATE INDEX "red_packets_status_expires_at_idx" ON "red_packets"("status", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "red_packet_shares_packet_id_position_key" ON "red_packet_shares"("packet_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "red_packet_shares_packet_id_grabber_user_id_key" ON "red_packet_shares"("packet_id", "grabber_user_id");

-- AddForeignKey
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "postings" ADD CONSTRAINT "postings_hold_id_fkey" FOREIGN KEY ("hold_id") REFERENCES "holds"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_posting_id_fkey" FOREIGN KEY ("posting_id") REFERENCES "postings"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_debit_account_id_fkey" FOREIGN KEY ("debit_account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_credit_account_id_fkey" FOREIGN KEY ("credit_account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entries" ADD CONSTRAINT "entries_transfer_id_fkey" FOREIGN KEY ("transfer_id") REFERENCES "transfers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entries" ADD CONSTRAINT "entries_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "holds" ADD CONSTRAINT "holds_source_account_id_fkey" FOREIGN KEY ("source_account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "holds" ADD CONSTRAINT "holds_escrow_account_id_fkey" FOREIGN KEY ("escrow_account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "red_packet_shares" ADD CONSTRAINT "red_packet_shares_packet_id_fkey" FOREIGN KEY ("packet_id") REFERENCES "red_packets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
