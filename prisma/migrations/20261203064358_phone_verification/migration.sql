-- AlterTable
ALTER TABLE "users" ADD COLUMN "phone_sealed" TEXT;
ALTER TABLE "users" ADD COLUMN "phone_masked" TEXT;
ALTER TABLE "users" ADD COLUMN "phone_verified_at" DATETIME;
ALTER TABLE "users" ADD COLUMN "limits_reduced_until" DATETIME;

