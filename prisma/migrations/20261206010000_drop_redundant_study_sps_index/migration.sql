-- study_instance_uid is unique: its own index finds the one row a Study Instance UID + SPS ID
-- lookup can match, so this index only cost every insert and update of a worklist item.
-- DropIndex
DROP INDEX "worklist_item_study_instance_uid_sps_id_idx";
