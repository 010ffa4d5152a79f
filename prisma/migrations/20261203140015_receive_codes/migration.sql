-- AlterTable
ALTER TABLE "payment_cards" ADD COLUMN "receive_code_id" INTEGER;

-- CreateTable
CREATE TABLE "receive_codes" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "token" TEXT NOT NULL,
    "owner_user_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "amount_minor" BIGINT,
    "currency" TEXT NOT NULL,
    "memo" TEXT,
    "expires_at" DATETIME,
    "created_at" DATETIME NOT NULL,
    "revoked_at" DATETIME
);

-- CreateTable
CREATE TABLE "code_prompts" (
    "user_id" INTEGER NOT NULL PRIMARY KEY,
    "receive_code_id" INTEGER NOT NULL,
    "expires_at" DATETIME NOT NULL,
    CONSTRAINT "code_prompts_receive_code_id_fkey" FOREIGN KEY ("receive_code_id") REFERENCES "receive_codes" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "receive_codes_token_key" ON "receive_codes"("token");

-- CreateIndex
CREATE INDEX "receive_codes_owner_user_id_kind_idx" ON "receive_codes"("owner_user_id", "kind");
