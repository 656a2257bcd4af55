// @mwl/gateway: the DICOM gateway (C-ECHO, Modality Worklist C-FIND). `main.ts` runs it; the
// factories are exported for the cli and for tests.
export { createGateway, type Gateway, type GatewayDeps } from './gateway.ts';
export { createGatewayMetrics, type FindOutcome, type GatewayMetrics } from './gateway-metrics.ts';
export { resolveGatewayOptions, type GatewayOptions, type GatewayOverrides } from './gateway-options.ts';
export { handleMwlFind, type MwlFindDeps, type MwlFindOptions } from './mwl-find.handler.ts';
export { handleEcho, type EchoDeps } from './echo.handler.ts';
export { gatewayEnvSchema, type GatewayEnv } from './env.ts';
export { loadGatewayConfig, type LoadedGatewayConfig } from './load-gateway-config.ts';
export * from './errors.ts';
export { handleMppsCreate } from './mpps-create.handler.ts';
export { handleMppsSet } from './mpps-set.handler.ts';
export type { MppsDeps } from './mpps-result.ts';
export type { MppsOperation, MppsOutcome } from './gateway-metrics.ts';
