/**
 * The API baseline (a child process, like the API): an express app with the API's own outer setup — helmet and
 * express.json — and one route per size returning a constant JSON body. `GET /const/:bytes`.
 */
import express from 'express';
import helmet from 'helmet';

const port = Number(process.argv[2] ?? 0);
const app = express();
app.disable('x-powered-by');
app.use(helmet());
app.use(express.json({ limit: '1mb' }));
const bodies = new Map<number, unknown>();
function bodyOf(bytes: number): unknown {
  let b = bodies.get(bytes);
  if (!b) {
    // {"items":[{"id":"x...","n":1},...]} padded to about the requested size
    const items: { id: string; n: number }[] = [];
    let size = 12;
    while (size < bytes) {
      const item = { id: `agency-${String(items.length).padStart(6, '0')}-${'x'.repeat(40)}`, n: items.length };
      items.push(item);
      size += JSON.stringify(item).length + 1;
    }
    bodies.set(bytes, (b = { items }));
  }
  return b;
}
app.get('/const/:bytes', (req, res) => void res.json(bodyOf(Math.min(Number(req.params.bytes) || 100, 5_000_000))));
app.get('/csv/:bytes', (req, res) => {
  const n = Math.min(Number(req.params.bytes) || 100, 5_000_000);
  res.type('text/csv; charset=utf-8').send('\ufeff' + 'a,'.repeat(Math.ceil(n / 2)).slice(0, n));
});
const server = app.listen(port, '127.0.0.1', () => {
  process.send?.({ kind: 'ready', port: (server.address() as { port: number }).port });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
