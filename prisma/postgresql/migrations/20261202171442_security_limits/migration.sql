-- AlterTable
ALTER TABLE "users" ADD COLUMN     "daily_limit_minor" BIGINT,
ADD COLUMN     "frozen_at" TIMESTAMP(3),
ADD COLUMN     "unfreeze_at" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "daily_spending" (
    "user_id" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "spent_minor" BIGINT NOT NULL,

    CONSTRAINT "daily_spending_pkey" PRIMARY KEY ("user_id","day")
);

-- CreateTable
CREATE TABLE "security_events" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "actor_telegram_id" BIGINT,
    "detail" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "security_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "security_events_user_id_id_idx" ON "security_events"("user_id", "id");
