-- CreateTable
CREATE TABLE "server_keys" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "fingerprint" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL
);
