// @mwl/gateway: the DICOM gateway (C-ECHO, Modality Worklist C-FIND). `main.ts` runs it; the
// factories are exported for the cli and for tests.
export { createGateway, type Gateway, type GatewayDeps } from './gateway.ts';
export {
  createGatewayCluster,
  defaultGatewayProcesses,
  MAX_GATEWAY_PROCESSES,
  type ClusteredGateway,
  type GatewayCluster,
  type GatewayClusterOptions,
  type GatewayClusterRole,
} from './gateway-cluster.ts';
export { createGatewayMetrics, type FindOutcome, type GatewayMetrics } from './gateway-metrics.ts';
export { resolveGatewayOptions, type GatewayOptions, type GatewayOverrides } from './gateway-options.ts';
export { handleMwlFind, type MwlFindDeps, type MwlFindOptions } from './mwl-find.handler.ts';
export { handleEcho, type EchoDeps } from './echo.handler.ts';
export { gatewayEnvSchema, type GatewayEnv } from './env.ts';
export { loadGatewayConfig, type LoadedGatewayConfig } from './load-gateway-config.ts';
export * from './errors.ts';
