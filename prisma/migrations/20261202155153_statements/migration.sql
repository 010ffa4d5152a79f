-- CreateTable
CREATE TABLE "statement_deliveries" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" DATETIME NOT NULL,
    "lease_until" DATETIME,
    "last_error" TEXT,
    "created_at" DATETIME NOT NULL,
    "sent_at" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_users" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "telegram_id" BIGINT NOT NULL,
    "username" TEXT,
    "first_name" TEXT NOT NULL DEFAULT '',
    "last_name" TEXT,
    "language_code" TEXT,
    "locale" TEXT,
    "started_at" DATETIME,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "time_zone" TEXT,
    "statements_enabled" BOOLEAN NOT NULL DEFAULT true,
    "monthly_budget_minor" BIGINT
);
INSERT INTO "new_users" ("created_at", "first_name", "id", "language_code", "last_name", "locale", "started_at", "telegram_id", "updated_at", "username") SELECT "created_at", "first_name", "id", "language_code", "last_name", "locale", "started_at", "telegram_id", "updated_at", "username" FROM "users";
DROP TABLE "users";
ALTER TABLE "new_users" RENAME TO "users";
CREATE UNIQUE INDEX "users_telegram_id_key" ON "users"("telegram_id");
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "statement_deliveries_status_next_attempt_at_idx" ON "statement_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "statement_deliveries_user_id_month_key" ON "statement_deliveries"("user_id", "month");
