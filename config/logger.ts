import pino from 'pino';
import type { Config } from './env';

/** Structured JSON logs; secrets in headers never reach them. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, name: string) {
  return pino({
    name,
    level: config.LOG_LEVEL,
    redact: ['req.headers.authorization', 'headers.authorization', 'token', '*.token'],
  });
}
export type Logger = ReturnType<typeof createLogger>;
