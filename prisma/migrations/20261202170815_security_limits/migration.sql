-- AlterTable
ALTER TABLE "users" ADD COLUMN "daily_limit_minor" BIGINT;
ALTER TABLE "users" ADD COLUMN "frozen_at" DATETIME;
ALTER TABLE "users" ADD COLUMN "unfreeze_at" DATETIME;

-- CreateTable
CREATE TABLE "daily_spending" (
    "user_id" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "spent_minor" BIGINT NOT NULL,

    PRIMARY KEY ("user_id", "day")
);

-- CreateTable
CREATE TABLE "security_events" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "actor_telegram_id" BIGINT,
    "detail" TEXT,
    "created_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "security_events_user_id_id_idx" ON "security_events"("user_id", "id");
