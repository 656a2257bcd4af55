-- CreateTable
CREATE TABLE "worklist_item" (
    "id" BIGSERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "source_key" TEXT NOT NULL,
    "change_hash" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL DEFAULT 1,
    "patient_name" TEXT NOT NULL,
    "patient_id" TEXT NOT NULL,
    "issuer_of_patient_id" TEXT,
    "patient_birth_date" TEXT,
    "patient_sex" TEXT,
    "patient_weight_kg" DOUBLE PRECISION,
    "patient_size_m" DOUBLE PRECISION,
    "accession_number" TEXT NOT NULL,
    "study_instance_uid" TEXT NOT NULL,
    "requested_procedure_id" TEXT NOT NULL,
    "requested_procedure_description" TEXT,
    "study_description" TEXT,
    "referring_physician_name" TEXT,
    "sps_id" TEXT NOT NULL,
    "sps_description" TEXT,
    "protocol_code_value" TEXT,
    "protocol_coding_scheme" TEXT,
    "protocol_code_meaning" TEXT,
    "modality" TEXT NOT NULL,
    "scheduled_station_ae_title" TEXT NOT NULL,
    "scheduled_station_name" TEXT,
    "scheduled_performing_physician" TEXT,
    "sps_start_date" TEXT NOT NULL,
    "sps_start_time" TEXT NOT NULL,
    "sps_start_at" TIMESTAMPTZ(3) NOT NULL,
    "timezone" TEXT NOT NULL,
    "duration_minutes" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'SCHEDULED',
    "cancelled_at" TIMESTAMPTZ(3),
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "extra" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "worklist_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "source_cursor" (
    "source" TEXT NOT NULL,
    "window_end" TIMESTAMPTZ(3) NOT NULL,
    "last_full_snapshot_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "source_cursor_pkey" PRIMARY KEY ("source")
);

-- CreateTable
CREATE TABLE "sync_run" (
    "id" BIGSERIAL NOT NULL,
    "snapshot_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "window_from" TIMESTAMPTZ(3),
    "window_to" TIMESTAMPTZ(3),
    "complete" BOOLEAN NOT NULL DEFAULT false,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "fetched" INTEGER NOT NULL DEFAULT 0,
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "cancelled" INTEGER NOT NULL DEFAULT 0,
    "reactivated" INTEGER NOT NULL DEFAULT 0,
    "outcome" TEXT NOT NULL DEFAULT 'running',
    "warning" TEXT,
    "error" TEXT,

    CONSTRAINT "sync_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rejection" (
    "id" BIGSERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "source_key" TEXT NOT NULL,
    "reason_code" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "raw_ref" TEXT,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rejection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mpps_instance" (
    "sop_instance_uid" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "performed_station_ae_title" TEXT,
    "calling_ae_title" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mpps_instance_pkey" PRIMARY KEY ("sop_instance_uid")
);

-- CreateTable
CREATE TABLE "mpps_worklist_link" (
    "mpps_uid" TEXT NOT NULL,
    "worklist_item_id" BIGINT NOT NULL,

    CONSTRAINT "mpps_worklist_link_pkey" PRIMARY KEY ("mpps_uid","worklist_item_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "worklist_item_study_instance_uid_key" ON "worklist_item"("study_instance_uid");

-- CreateIndex
CREATE INDEX "worklist_item_sps_start_date_modality_scheduled_station_ae__idx" ON "worklist_item"("sps_start_date", "modality", "scheduled_station_ae_title");

-- CreateIndex
CREATE INDEX "worklist_item_sps_start_at_idx" ON "worklist_item"("sps_start_at");

-- CreateIndex
CREATE INDEX "worklist_item_source_sps_start_at_idx" ON "worklist_item"("source", "sps_start_at");

-- CreateIndex
CREATE INDEX "worklist_item_patient_id_idx" ON "worklist_item"("patient_id");

-- CreateIndex
CREATE INDEX "worklist_item_accession_number_idx" ON "worklist_item"("accession_number");

-- CreateIndex
CREATE UNIQUE INDEX "worklist_item_source_source_key_key" ON "worklist_item"("source", "source_key");

-- CreateIndex
CREATE UNIQUE INDEX "sync_run_snapshot_id_key" ON "sync_run"("snapshot_id");

-- CreateIndex
CREATE INDEX "sync_run_source_started_at_idx" ON "sync_run"("source", "started_at");

-- CreateIndex
CREATE INDEX "rejection_source_last_seen_at_idx" ON "rejection"("source", "last_seen_at");

-- CreateIndex
CREATE UNIQUE INDEX "rejection_source_source_key_reason_code_key" ON "rejection"("source", "source_key", "reason_code");

-- CreateIndex
CREATE INDEX "mpps_worklist_link_worklist_item_id_idx" ON "mpps_worklist_link"("worklist_item_id");

-- AddForeignKey
ALTER TABLE "mpps_worklist_link" ADD CONSTRAINT "mpps_worklist_link_mpps_uid_fkey" FOREIGN KEY ("mpps_uid") REFERENCES "mpps_instance"("sop_instance_uid") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mpps_worklist_link" ADD CONSTRAINT "mpps_worklist_link_worklist_item_id_fkey" FOREIGN KEY ("worklist_item_id") REFERENCES "worklist_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;
