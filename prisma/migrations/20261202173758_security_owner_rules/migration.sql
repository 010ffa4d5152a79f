-- AlterTable
ALTER TABLE "users" ADD COLUMN "frozen_by" BIGINT;
ALTER TABLE "users" ADD COLUMN "limit_raise_at" DATETIME;
ALTER TABLE "users" ADD COLUMN "limit_raise_to_minor" BIGINT;
