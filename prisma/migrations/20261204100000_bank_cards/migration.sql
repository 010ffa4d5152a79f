-- CreateTable
CREATE TABLE "bank_cards" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "token" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "number_sealed" TEXT NOT NULL,
    "number_index" TEXT,
    "bin" TEXT NOT NULL,
    "last4" TEXT NOT NULL,
    "bank_code" TEXT,
    "card_type" TEXT,
    "holder_masked" TEXT NOT NULL,
    "agreement_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "unbound_at" DATETIME
);

-- CreateTable
CREATE TABLE "bank_bindings" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "token" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "number_sealed" TEXT,
    "number_index" TEXT,
    "bin" TEXT,
    "last4" TEXT,
    "holder_masked" TEXT,
    "bank_binding_id" TEXT,
    "digits" TEXT NOT NULL DEFAULT '',
    "seq" INTEGER NOT NULL DEFAULT 0,
    "tries_left" INTEGER,
    "card_id" INTEGER,
    "expires_at" DATETIME NOT NULL,
    "created_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "bank_operations" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "token" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "card_id" INTEGER NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "fee_minor" BIGINT NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "decline_reason" TEXT,
    "bank_reference" TEXT,
    "hold_id" INTEGER,
    "posting_id" INTEGER,
    "free_allowance_minor" BIGINT NOT NULL DEFAULT 0,
    "spending_day" TEXT,
    "checks" INTEGER NOT NULL DEFAULT 0,
    "next_check_at" DATETIME,
    "expires_at" DATETIME NOT NULL,
    "created_at" DATETIME NOT NULL,
    "submitted_at" DATETIME,
    "settled_at" DATETIME
);

-- CreateTable
CREATE TABLE "reconciliations" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "day" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "breaks" TEXT NOT NULL,
    "matched" INTEGER NOT NULL,
    "checked_at" DATETIME NOT NULL
);

-- AlterTable: added in place (a rebuild of users would reorder its columns away from PostgreSQL's)
ALTER TABLE "users" ADD COLUMN "card_bound_at" DATETIME;
ALTER TABLE "users" ADD COLUMN "withdrawal_free_used_minor" BIGINT NOT NULL DEFAULT 0;

-- CreateIndex
CREATE UNIQUE INDEX "bank_cards_token_key" ON "bank_cards"("token");

-- CreateIndex
CREATE UNIQUE INDEX "bank_cards_number_index_key" ON "bank_cards"("number_index");

-- CreateIndex
CREATE INDEX "bank_cards_user_id_status_idx" ON "bank_cards"("user_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "bank_bindings_token_key" ON "bank_bindings"("token");

-- CreateIndex
CREATE INDEX "bank_bindings_user_id_status_idx" ON "bank_bindings"("user_id", "status");

-- CreateIndex
CREATE INDEX "bank_bindings_status_expires_at_idx" ON "bank_bindings"("status", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "bank_operations_token_key" ON "bank_operations"("token");

-- CreateIndex
CREATE INDEX "bank_operations_user_id_id_idx" ON "bank_operations"("user_id", "id");

-- CreateIndex
CREATE INDEX "bank_operations_status_next_check_at_idx" ON "bank_operations"("status", "next_check_at");

-- CreateIndex
CREATE UNIQUE INDEX "reconciliations_day_key" ON "reconciliations"("day");

