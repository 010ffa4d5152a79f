-- CreateTable
CREATE TABLE "red_packets" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "token" TEXT NOT NULL,
    "sender_user_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "entered_minor" BIGINT NOT NULL,
    "entered_count" INTEGER NOT NULL,
    "total_minor" BIGINT NOT NULL,
    "share_count" INTEGER NOT NULL,
    "greeting" TEXT NOT NULL,
    "target_user_id" INTEGER,
    "reply_user_id" INTEGER,
    "status" TEXT NOT NULL,
    "hold_id" INTEGER,
    "chat_type" TEXT,
    "chat_id" BIGINT,
    "message_id" INTEGER,
    "inline_message_id" TEXT,
    "refunded_minor" BIGINT NOT NULL DEFAULT 0,
    "draft_expires_at" DATETIME NOT NULL,
    "created_at" DATETIME NOT NULL,
    "sent_at" DATETIME,
    "expires_at" DATETIME,
    "finished_at" DATETIME
);

-- CreateTable
CREATE TABLE "red_packet_shares" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "packet_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "grabber_user_id" INTEGER,
    "grabbed_at" DATETIME,
    CONSTRAINT "red_packet_shares_packet_id_fkey" FOREIGN KEY ("packet_id") REFERENCES "red_packets" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "red_packets_token_key" ON "red_packets"("token");

-- CreateIndex
CREATE UNIQUE INDEX "red_packets_hold_id_key" ON "red_packets"("hold_id");

-- CreateIndex
CREATE INDEX "red_packets_status_expires_at_idx" ON "red_packets"("status", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "red_packet_shares_packet_id_position_key" ON "red_packet_shares"("packet_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "red_packet_shares_packet_id_grabber_user_id_key" ON "red_packet_shares"("packet_id", "grabber_user_id");
