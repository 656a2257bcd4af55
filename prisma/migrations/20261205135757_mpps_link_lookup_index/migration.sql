-- CreateIndex
CREATE INDEX "worklist_item_study_instance_uid_sps_id_idx" ON "worklist_item"("study_instance_uid", "sps_id");
