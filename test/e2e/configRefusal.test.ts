import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../stack/temporalCli';

/** The compiled entry refuses a bad setting before it starts anything (needs the build globalSetup makes). */
describe('npm start with a bad configuration', () => {
  test('npm start stops at once on a bad value, printing only that line', () => {
    let stderr = '';
    try {
      execFileSync(process.execPath, [path.join(projectRoot(), 'dist/scripts/start.js')], {
        env: { ...process.env, PORT: 'abc' },
        stdio: 'pipe',
        timeout: 20_000,
      });
    } catch (err) {
      stderr = String((err as { stderr: Buffer }).stderr);
      expect((err as { status: number }).status).toBe(1);
    }
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^invalid configuration: PORT: /)]);
  });
});
