-- CreateTable
CREATE TABLE "chats" (
    "id" BIGINT NOT NULL PRIMARY KEY,
    "locale" TEXT,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "chat_members" (
    "chat_id" BIGINT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "seen_at" DATETIME NOT NULL,

    PRIMARY KEY ("chat_id", "user_id"),
    CONSTRAINT "chat_members_chat_id_fkey" FOREIGN KEY ("chat_id") REFERENCES "chats" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- The language a sent red packet's message is written in.
ALTER TABLE "red_packets" ADD COLUMN "locale" TEXT;
