-- CreateTable
CREATE TABLE "risk_decisions" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "flow" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "reasons" TEXT NOT NULL,
    "posting_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "risk_decisions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "risk_decisions_user_id_id_idx" ON "risk_decisions"("user_id", "id");
