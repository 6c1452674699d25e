import { useHarness } from '../support/harness';
import { eventually } from '../support/campaigns';

/** /healthz reports the worker beside Temporal and Postgres: whether one polls the API's task queue. */
describe('healthz and the worker', () => {
  const t = useHarness({ worker: false });

  test('no worker on the task queue: reported unavailable, the API itself still healthy; a worker polling: ok', async () => {
    const before = await t.http.get('/healthz');
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ status: 'ok', temporal: 'ok', postgres: 'ok', worker: 'unavailable' });
    const worker = await t.h.startWorker();
    try {
      await eventually('the worker to be reported', async () => (await t.http.get('/healthz')).body.worker === 'ok');
    } finally {
      await worker.stop();
    }
  });
});
