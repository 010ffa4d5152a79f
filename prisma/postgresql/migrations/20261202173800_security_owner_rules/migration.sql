-- AlterTable
ALTER TABLE "users" ADD COLUMN     "frozen_by" BIGINT,
ADD COLUMN     "limit_raise_at" TIMESTAMP(3),
ADD COLUMN     "limit_raise_to_minor" BIGINT;
