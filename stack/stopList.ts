/**
 * What a launcher started, to be stopped newest first exactly once — whether start-up finished, failed, or was
 * interrupted by Ctrl-C half-way.
 */
export interface StopList {
  add(stop: () => Promise<void>): void;
  readonly stopping: boolean;
  stopAll(message?: string): Promise<void>;
}

export function stopList(): StopList {
  const stops: (() => Promise<void>)[] = [];
  let stopping: Promise<void> | null = null;
  return {
    add: (stop) => void stops.push(stop),
    get stopping() {
      return stopping !== null;
    },
    stopAll(message) {
      stopping ??= (async () => {
        if (message) process.stderr.write(`${message}\n`);
        for (const stop of stops.reverse()) await stop().catch((err) => process.stderr.write(`stop failed: ${err}\n`));
      })();
      return stopping;
    },
  };
}
