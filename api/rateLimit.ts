import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { HttpError } from './errors';

/**
 * A per-client-address limiter for a public route (express-rate-limit, in-memory: one API process). Past the limit
 * the request fails with the API's own 429 error shape and a Retry-After header.
 */
export function rateLimiter(o: { windowMs: number; limit: number }): RequestHandler {
  return rateLimit({
    windowMs: o.windowMs,
    limit: o.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new HttpError(429, 'rate_limited', 'too many requests from this address; try again shortly')),
  });
}
