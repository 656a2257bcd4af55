/*
  Warnings:

  - Added the required column `linked_by` to the `mpps_worklist_link` table without a default value. This is not possible if the table is not empty.

*/
-- AlterTable
ALTER TABLE "mpps_instance" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "mpps_worklist_link" ADD COLUMN     "linked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "linked_by" TEXT NOT NULL;

-- CreateIndex
CREATE INDEX "mpps_instance_created_at_idx" ON "mpps_instance"("created_at");
