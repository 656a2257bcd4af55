export * from './mpps-attributes.ts';
export * from './mpps-charset.ts';
export { decideCreate, type MppsCreateDecision, type MppsCreated } from './mpps-create.ts';
export * from './mpps-dataset.ts';
export { mppsEndedAt, mppsLocalInstant, mppsStartedAt } from './mpps-instant.ts';
export * from './mpps-link.ts';
export * from './mpps-set.ts';
export * from './mpps-status.ts';
/** Valid sample data sets, for tests and benchmarks in any package. */
export {
  validCreateDataset as sampleMppsCreate,
  finalSetDataset as sampleMppsFinalSet,
  performedSeries as samplePerformedSeries,
  scheduledStepOf as sampleScheduledStep,
  unscheduledStep as sampleUnscheduledStep,
  type ScheduledStepIds,
} from './mpps-fixtures.ts';
export { renderMppsConformanceStatement } from './mpps-conformance.ts';
