-- AlterTable
ALTER TABLE "users" ADD COLUMN     "phone_sealed" TEXT,
ADD COLUMN     "phone_masked" TEXT,
ADD COLUMN     "phone_verified_at" TIMESTAMP(3),
ADD COLUMN     "limits_reduced_until" TIMESTAMP(3);
