-- AlterTable
-- In the schema's order, so both engines list the columns alike.
ALTER TABLE "users" ADD COLUMN     "time_zone" TEXT,
ADD COLUMN     "statements_enabled" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "monthly_budget_minor" BIGINT;

-- CreateTable
CREATE TABLE "statement_deliveries" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL,
    "lease_until" TIMESTAMP(3),
    "last_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "sent_at" TIMESTAMP(3),

    CONSTRAINT "statement_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "statement_deliveries_status_next_attempt_at_idx" ON "statement_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "statement_deliveries_user_id_month_key" ON "statement_deliveries"("user_id", "month");
