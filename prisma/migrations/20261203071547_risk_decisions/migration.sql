-- CreateTable
CREATE TABLE "risk_decisions" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "flow" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "reasons" TEXT NOT NULL,
    "posting_id" INTEGER,
    "created_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "risk_decisions_user_id_id_idx" ON "risk_decisions"("user_id", "id");
