import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Fastify's log lines, minus the per-request noise: no "incoming request" / "request completed"
 * for every probe and scrape (every few seconds, from every orchestrator), and a 404 logged
 * without its URL, whose path or query may carry an identifier. Errors are still logged, through
 * our scrubbing logger (request as method and route only).
 */
export class QuietLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ): void {
    if (error) super.requestCompleted(error, request, reply, metadata);
  }

  override routeNotFound(request: FastifyRequest): void {
    request.log.info({ method: request.method }, 'route not found');
  }
}
