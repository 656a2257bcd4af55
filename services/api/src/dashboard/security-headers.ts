import type { FastifyReply } from 'fastify';

/**
 * Headers of every dashboard answer: scripts and styles only from the api itself (no inline code,
 * no CDN), no framing, no referrer, and no caching of pages that show patient data.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function secureHeaders(reply: FastifyReply, cache: 'no-store' | 'asset'): FastifyReply {
  return reply
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('cache-control', cache === 'asset' ? 'public, max-age=300' : 'no-store');
}
