import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { eventually } from './campaigns';

/** A real S3-compatible server for the storage tests: moto's, on a free loopback port, stopped by the test. */
export interface S3Server {
  endpoint: string;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

export async function startS3Server(): Promise<S3Server> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.env.MOTO_SERVER_PATH ?? 'moto_server',
    ['-H', '127.0.0.1', '-p', String(port)],
    { stdio: 'ignore' },
  );
  let exited = false;
  child.once('exit', () => void (exited = true));
  await eventually(
    'moto_server to answer',
    async () => {
      if (exited) throw new Error('moto_server exited (install it with: pip install "moto[server]")');
      return fetch(endpoint).then(
        (r) => r.status > 0,
        () => false,
      );
    },
    60_000,
  );
  return {
    endpoint,
    async stop() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
