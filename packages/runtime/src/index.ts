// @mwl/runtime: what every mwl-bridge process shares, so each service's own entry point and
// `mwl-bridge start` assemble the same factories the same way.
export {
  createNodeProcessIo,
  exitOnFatalErrors,
  type OutputStream,
  type ProcessIo,
  type ShutdownSignal,
} from './process-io.ts';
export type { ServiceUnit } from './service-unit.ts';
export { runProcess, startProcess, type ProcessAssembly, type RunningProcess } from './run-process.ts';
export { parseRoleArgs, type RoleArgs } from './role-args.ts';
export { defineRoleCommand, type RoleCommand, type RoleCommandSpec } from './role-command.ts';
export { prepareRole, type PreparedRole, type RoleSpec } from './prepare-role.ts';
export { writeProblems, writeWarnings } from './report.ts';
export { createQueueRuntime, type QueueRuntime, type QueueRuntimeOptions } from './queue-runtime.ts';
export { databaseResource, type DatabaseResource } from './database-resource.ts';
export * from './errors.ts';
