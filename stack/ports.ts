import { portIsFree } from './processes';

/** A port the stack is about to listen on, and the setting that moves it. */
export interface PlannedPort {
  port: number;
  variable: string;
  host?: string;
}

/**
 * Fails before anything starts when another program holds a port the stack needs, with one line per port naming
 * the variable that moves it — instead of a server dying later on "address already in use".
 */
export async function ensurePortsFree(ports: PlannedPort[]): Promise<void> {
  const held = [];
  for (const p of ports) if (p.port !== 0 && !(await portIsFree(p.port, p.host))) held.push(p);
  if (held.length === 0) return;
  throw new StartRefused(
    held
      .map((p) => `port ${p.port} is in use by another program: stop it, or set ${p.variable} to a free port`)
      .join('\n'),
  );
}

/** A start that cannot go on for a reason its message says in full: shown as that message alone, no stack. */
export class StartRefused extends Error {}
