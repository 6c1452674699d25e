import postgres, { type Sql } from 'postgres';

/** One pool per process; timestamps come back as Date, json as objects. */
/** `onNotice` hears the server's notices (a migration's report); otherwise they are dropped. */
export function connectDatabase(url: string, options: { max?: number; onNotice?: (message: string) => void } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: (n) => options.onNotice?.(n.message),
    connect_timeout: 10,
    idle_timeout: 60,
    transform: { undefined: null },
  });
}
