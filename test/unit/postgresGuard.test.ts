import fs from 'node:fs';
import path from 'node:path';

/**
 * The installed postgres.js carries the guard scripts/patchPostgres.js adds after every install: without it a
 * deferred write on a connection the database dropped throws an uncatchable TypeError (porsager/postgres#1154).
 */
test('both builds of postgres.js skip a deferred write once the connection has closed', () => {
  const root = path.resolve(path.dirname(require.resolve('postgres')), '..', '..');
  for (const file of ['cjs/src/connection.js', 'src/connection.js']) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const body = text.slice(text.indexOf('function nextWrite('), text.indexOf('function connectTimedOut('));
    expect(body.indexOf('if (!socket) return')).toBeGreaterThan(-1);
    expect(body.indexOf('if (!socket) return')).toBeLessThan(body.indexOf('socket.write('));
  }
});
