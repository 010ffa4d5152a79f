-- AlterTable
ALTER TABLE "daily_spending" ADD COLUMN     "free_minor" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "password_hash" TEXT,
ADD COLUMN     "password_failures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "password_locked_until" TIMESTAMP(3),
ADD COLUMN     "free_payment_minor" BIGINT,
ADD COLUMN     "free_daily_minor" BIGINT;

-- CreateTable
CREATE TABLE "password_entries" (
    "id" SERIAL NOT NULL,
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
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "password_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "password_entries_token_key" ON "password_entries"("token");

-- CreateIndex
CREATE INDEX "password_entries_user_id_idx" ON "password_entries"("user_id");
