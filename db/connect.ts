import postgres, { type Sql } from 'postgres';

/** One pool per process; timestamps come back as Date, json as objects. */
export function connectDatabase(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => undefined,
    connect_timeout: 10,
    idle_timeout: 60,
    transform: { undefined: null },
  });
}
