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

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_users" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "telegram_id" BIGINT NOT NULL,
    "username" TEXT,
    "first_name" TEXT NOT NULL DEFAULT '',
    "last_name" TEXT,
    "language_code" TEXT,
    "locale" TEXT,
    "started_at" DATETIME,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "time_zone" TEXT,
    "statements_enabled" BOOLEAN NOT NULL DEFAULT true,
    "monthly_budget_minor" BIGINT,
    "frozen_at" DATETIME,
    "unfreeze_at" DATETIME,
    "daily_limit_minor" BIGINT,
    "frozen_by" BIGINT,
    "limit_raise_at" DATETIME,
    "limit_raise_to_minor" BIGINT,
    "password_hash" TEXT,
    "password_failures" INTEGER NOT NULL DEFAULT 0,
    "password_locked_until" DATETIME,
    "free_payment_minor" BIGINT,
    "free_daily_minor" BIGINT,
    "phone_sealed" TEXT,
    "phone_masked" TEXT,
    "phone_verified_at" DATETIME,
    "limits_reduced_until" DATETIME,
    "card_bound_at" DATETIME,
    "withdrawal_free_used_minor" BIGINT NOT NULL DEFAULT 0
);
INSERT INTO "new_users" ("created_at", "daily_limit_minor", "first_name", "free_daily_minor", "free_payment_minor", "frozen_at", "frozen_by", "id", "language_code", "last_name", "limit_raise_at", "limit_raise_to_minor", "limits_reduced_until", "locale", "monthly_budget_minor", "password_failures", "password_hash", "password_locked_until", "phone_masked", "phone_sealed", "phone_verified_at", "started_at", "statements_enabled", "telegram_id", "time_zone", "unfreeze_at", "updated_at", "username") SELECT "created_at", "daily_limit_minor", "first_name", "free_daily_minor", "free_payment_minor", "frozen_at", "frozen_by", "id", "language_code", "last_name", "limit_raise_at", "limit_raise_to_minor", "limits_reduced_until", "locale", "monthly_budget_minor", "password_failures", "password_hash", "password_locked_until", "phone_masked", "phone_sealed", "phone_verified_at", "started_at", "statements_enabled", "telegram_id", "time_zone", "unfreeze_at", "updated_at", "username" FROM "users";
DROP TABLE "users";
ALTER TABLE "new_users" RENAME TO "users";
CREATE UNIQUE INDEX "users_telegram_id_key" ON "users"("telegram_id");
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

