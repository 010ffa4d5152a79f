-- A draft red packet's version: the Send button names the version its card showed.
ALTER TABLE "red_packets" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
