-- AlterTable
ALTER TABLE "payment_cards" ADD COLUMN     "receive_code_id" INTEGER;

-- CreateTable
CREATE TABLE "receive_codes" (
    "id" SERIAL NOT NULL,
    "token" TEXT NOT NULL,
    "owner_user_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "amount_minor" BIGINT,
    "currency" TEXT NOT NULL,
    "memo" TEXT,
    "expires_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL,
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "receive_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "code_prompts" (
    "user_id" INTEGER NOT NULL,
    "receive_code_id" INTEGER NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "code_prompts_pkey" PRIMARY KEY ("user_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "receive_codes_token_key" ON "receive_codes"("token");

-- CreateIndex
CREATE INDEX "receive_codes_owner_user_id_kind_idx" ON "receive_codes"("owner_user_id", "kind");

-- AddForeignKey
ALTER TABLE "code_prompts" ADD CONSTRAINT "code_prompts_receive_code_id_fkey" FOREIGN KEY ("receive_code_id") REFERENCES "receive_codes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
