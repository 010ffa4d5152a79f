-- CreateTable
CREATE TABLE "server_keys" (
    "name" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "server_keys_pkey" PRIMARY KEY ("name")
);
