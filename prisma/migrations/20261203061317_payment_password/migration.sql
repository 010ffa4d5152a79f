-- CreateTable
CREATE TABLE "password_entries" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "token" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "target" TEXT,
    "step" TEXT NOT NULL,
    "layout" TEXT NOT NULL,
    "digits" TEXT NOT NULL DEFAULT '',
    "pending_digest" TEXT,
    "seq" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL,
    "origin" TEXT,
    "expires_at" DATETIME NOT NULL,
    "created_at" DATETIME NOT NULL
);

-- AlterTable
ALTER TABLE "daily_spending" ADD COLUMN "free_minor" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "users" ADD COLUMN "password_hash" TEXT;
ALTER TABLE "users" ADD COLUMN "password_failures" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "users" ADD COLUMN "password_locked_until" DATETIME;
ALTER TABLE "users" ADD COLUMN "free_payment_minor" BIGINT;
ALTER TABLE "users" ADD COLUMN "free_daily_minor" BIGINT;

-- CreateIndex
CREATE UNIQUE INDEX "password_entries_token_key" ON "password_entries"("token");

-- CreateIndex
CREATE INDEX "password_entries_user_id_idx" ON "password_entries"("user_id");
