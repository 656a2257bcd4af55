// @mwl/gateway: the DICOM gateway (C-ECHO, Modality Worklist C-FIND). `gatewayCommand` runs it as
// its own process; `createGatewayService` is what `mwl-bridge start` composes with the others.
export { gatewayCommand } from './gateway-command.ts';
export { runGateway, gatewayCloseDeadlineMs } from './run-gateway.ts';
export { createGatewayService, type GatewayService } from './gateway-service.ts';
export { createGateway, type Gateway, type GatewayDeps } from './gateway.ts';
export { createGatewayMetrics, type FindOutcome, type GatewayMetrics } from './gateway-metrics.ts';
export { resolveGatewayOptions, type GatewayOptions, type GatewayOverrides } from './gateway-options.ts';
export { gatewayOverridesOf, loadGatewayOptions } from './gateway-tls.ts';
export { handleMwlFind, type MwlFindDeps, type MwlFindOptions } from './mwl-find.handler.ts';
export { handleEcho, type EchoDeps } from './echo.handler.ts';
export { gatewayEnvSchema, gatewayEnvShape, type GatewayEnv } from './env.ts';
export * from './errors.ts';
