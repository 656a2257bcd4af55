export type { DbClient } from './db-client.ts';
export {
  isStudyInstanceUidConflict,
  upsertWorklistRows,
  findUnchangedKeys,
  type UpsertCounts,
  type WorklistRowInput,
} from './worklist-upsert.repository.ts';
export {
  cancelMissingRows,
  countCancelCandidates,
  type CancelCandidates,
  type CancelScope,
} from './worklist-reconcile.repository.ts';
export { recordRejections, type RejectionInput } from './rejection.repository.ts';
export { advanceSourceCursor } from './source-cursor.repository.ts';
export { readSourceProgress, type SourceProgress } from './source-progress.repository.ts';
export { pingDatabase } from './database-ping.ts';
export {
  findSyncRun,
  lockSnapshot,
  saveSyncRun,
  type SyncRunOutcome,
  type SyncRunRecord,
} from './sync-run.repository.ts';
export {
  createWorklistFindRepository,
  type StreamEnd,
  type StreamMatchesOptions,
  type WorklistFindRepository,
  type WorklistFindRepositoryOptions,
} from './worklist-find.repository.ts';
export {
  buildCountSql,
  buildFindSql,
  UnsafeColumnError,
  type BuildFindSqlOptions,
  type FindCursor,
  type SqlStatement,
} from './worklist-find.sql.ts';
export {
  createMppsRepository,
  type MppsCreateInput,
  type MppsCreateResult,
  type MppsRepository,
  type MppsUpdateResult,
} from './mpps.repository.ts';
export { createMppsLinkFinder } from './mpps-links.sql.ts';
export {
  listMppsOfItems,
  listUnlinkedMpps,
  type LinkedMppsView,
  type MppsView,
} from './mpps-view.repository.ts';
export {
  createApiToken,
  findActiveApiToken,
  listApiTokens,
  revokeApiToken,
  touchApiToken,
  type NewApiToken,
} from './api-token.repository.ts';
export {
  createApiUser,
  disableApiUser,
  findApiUser,
  setApiUserPassword,
  type NewApiUser,
} from './api-user.repository.ts';
export {
  createApiSession,
  deleteApiSession,
  deleteExpiredApiSessions,
  findLiveApiSession,
  type NewApiSession,
} from './api-session.repository.ts';
export { listAudit, recordAudit, type AuditInput, type AuditQuery } from './audit.repository.ts';
export {
  findWorklistItem,
  findWorklistItemByKey,
  listWorklistItems,
  worklistWhere,
  type WorklistListFilter,
  type WorklistPage,
} from './worklist-list.repository.ts';
export {
  listRejections,
  listSyncRuns,
  readSourceRecords,
  type RejectionQuery,
  type SourceRecord,
  type SyncRunQuery,
} from './source-status.repository.ts';
