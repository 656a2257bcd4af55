import type { ServiceUnit } from '@mwl/runtime';
import { createGateway, type Gateway, type GatewayDeps } from './gateway.ts';

export interface GatewayService extends ServiceUnit {
  gateway: Gateway;
  /** The bound DICOM address once started (port 0 picks one). */
  address(): { host: string; port: number } | undefined;
}

/**
 * The gateway as a service unit: listens on start; on stop, refuses new associations and lets
 * queries in flight finish until `closeDeadlineMs`. Ready while its DICOM port listens.
 */
export function createGatewayService(deps: GatewayDeps & { closeDeadlineMs: number }): GatewayService {
  const gateway = createGateway(deps);
  let bound: { host: string; port: number } | undefined;
  return {
    name: 'gateway',
    gateway,
    address: () => bound,
    async start() {
      bound = await gateway.listen();
      return bound;
    },
    stop: () => gateway.close({ deadlineMs: deps.closeDeadlineMs }),
    checks: {
      dicom: () =>
        gateway.isListening() ? Promise.resolve() : Promise.reject(new Error('DICOM port not listening')),
    },
  };
}
