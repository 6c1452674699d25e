import { setTimeout as sleep } from 'node:timers/promises';
import { temporalConnection } from '../../services/temporalConnection';
import { freePort } from '../../stack/processes';

/**
 * The SDK's own Connection, closed while a call waits to retry, lets the retry fire on the closed channel: it throws
 * from its timer, which would fail this file (and kill a worker or API process) after the test had passed.
 */
describe('a Temporal client connection closed while Temporal is unreachable', () => {
  test('the call under way ends with the reason, and no retry fires after the close', async () => {
    const nothingListens = `127.0.0.1:${await freePort()}`;
    const { connection, close } = temporalConnection(nothingListens);
    const call = connection.workflowService.getSystemInfo({}).then(
      () => null,
      (err: unknown) => err,
    );
    // a few attempts refused; the next waits on the retry interceptor's timer
    await sleep(1500);
    await close();
    expect(await call).toMatchObject({ code: 14 }); // UNAVAILABLE
    // longer than any retry wait that could have been scheduled before close()
    await sleep(7000);
  }, 30_000);

  test('closing with nothing in flight does not wait', async () => {
    const { close } = temporalConnection(`127.0.0.1:${await freePort()}`);
    const started = Date.now();
    await close();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
