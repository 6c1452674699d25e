/**
 * The baseline worker process (forked by the bench with an IPC channel): runs bench/workflows.ts on its own task
 * queue with stock worker options. Its one activity only notes the instant it started; the bench asks for the notes.
 */
import { NativeConnection, Worker, Runtime, DefaultLogger } from '@temporalio/worker';

interface Note {
  id: string;
  targetMs: number | null;
  atMs: number;
}

async function main() {
  const [address, taskQueue, bundlePath] = process.argv.slice(2);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const notes: Note[] = [];
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue,
    workflowBundle: { codePath: bundlePath },
    activities: {
      async touch(o: { id: string; targetMs: number | null }) {
        notes.push({ ...o, atMs: Date.now() });
      },
    },
    shutdownGraceTime: '2s',
  });
  process.on('message', (m: { kind: string }) => {
    if (m.kind === 'count') process.send!({ kind: 'count', count: notes.length });
    else if (m.kind === 'notes') process.send!({ kind: 'notes', notes });
    else if (m.kind === 'reset') notes.length = 0;
    else if (m.kind === 'stop') worker.shutdown();
  });
  process.send!({ kind: 'ready' });
  await worker.run();
  await connection.close();
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`baseline worker failed: ${String(err)}\n`);
  process.exit(1);
});
