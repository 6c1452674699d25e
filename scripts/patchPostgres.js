// @ts-check
/**
 * Guards postgres.js 3.4.9's deferred write against a closed connection (porsager/postgres#1154, #1208; fixes proposed
 * in #1168/#1176/#1209, none released). A write under 1 KB is sent on the next turn (setImmediate); when the database
 * drops the connection in between, `closed()` has already failed the query with CONNECTION_CLOSED and nulled the
 * socket, and the deferred `socket.write` throws a TypeError no caller can catch: under a Postgres outage it took down
 * whichever process held the pool (CI saw it in test/reliability/postgresOutage.test.ts). Skipping the write is what
 * the upstream fixes do. Run by npm after every install (`postinstall`); idempotent; says so when the code it expects
 * is not there (a new release: check whether the guard is still needed).
 */
const fs = require('node:fs');
const path = require('node:path');

const UNGUARDED = '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)';
const GUARDED =
  '  function nextWrite(fn) {\n' +
  '    if (!socket) return (chunk = nextWriteTimer = null, false) // closed meanwhile: its query was failed already\n' +
  '    const x = socket.write(chunk, fn)';

// the package's main is cjs/src/index.js (its exports hide package.json)
const root = path.resolve(path.dirname(require.resolve('postgres')), '..', '..');
for (const file of ['cjs/src/connection.js', 'src/connection.js']) {
  const full = path.join(root, file);
  const text = fs.readFileSync(full, 'utf8');
  if (text.includes(GUARDED)) continue;
  if (!text.includes(UNGUARDED)) {
    process.stderr.write(`patchPostgres: ${file} has no unguarded nextWrite; the guard was not applied\n`);
    continue;
  }
  fs.writeFileSync(full, text.replace(UNGUARDED, GUARDED));
}
