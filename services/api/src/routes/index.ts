import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context.ts';
import { registerAuditRoutes } from './audit.routes.ts';
import { registerManualRoutes } from './manual.routes.ts';
import { registerSessionRoutes } from './session.routes.ts';
import { registerSourceRoutes } from './sources.routes.ts';
import { registerWorklistRoutes } from './worklist.routes.ts';

/** Every route under `/api/v1`. */
export function registerApiRoutes(scope: FastifyInstance, context: ApiContext): void {
  registerSessionRoutes(scope, context);
  registerWorklistRoutes(scope, context);
  registerSourceRoutes(scope, context);
  registerManualRoutes(scope, context);
  registerAuditRoutes(scope, context);
}
