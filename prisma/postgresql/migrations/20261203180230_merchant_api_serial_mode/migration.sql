-- AlterTable
ALTER TABLE "merchants" ADD COLUMN     "api_serial_mode" TEXT;
