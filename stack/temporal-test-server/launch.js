// The executable @temporalio/testing runs as `<path> <port> [extraArgs]` for its time-skipping environment, which
// gives the server 5 s to accept connections. The JVM needs longer on a loaded machine, so this listens on <port> at
// once and forwards each connection to the Java test server (TestServerAt) as soon as that is up, on a port of its
// own. The server reads its stdin from this process: when this process ends, however it ends, the server ends too.
// Usage: launch.js <classpath> <port> [args for TestServerAt...]
'use strict';
const net = require('node:net');
const { spawn } = require('node:child_process');

const [classpath, port, ...args] = process.argv.slice(2);
const WAIT_FOR_SERVER_MS = 120_000;

const probe = net.createServer().listen(0, '127.0.0.1', () => {
  const backendPort = probe.address().port;
  probe.close(() => start(backendPort));
});

function start(backendPort) {
  const java = spawn(
    'java',
    ['-XX:TieredStopAtLevel=1', '-cp', classpath, 'TestServerAt', String(backendPort), '--exit-on-stdin-eof', ...args],
    {
      stdio: ['pipe', 'inherit', 'inherit'],
    },
  );
  java.on('exit', (code) => process.exit(code ?? 1));
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => java.kill(signal));
  net
    .createServer((client) => {
      client.pause();
      const deadline = Date.now() + WAIT_FOR_SERVER_MS;
      const attempt = () => {
        const upstream = net.connect(backendPort, '127.0.0.1');
        upstream.once('connect', () => {
          client.pipe(upstream).on('error', () => upstream.destroy());
          upstream.pipe(client).on('error', () => client.destroy());
          client.on('close', () => upstream.destroy());
          upstream.on('close', () => client.destroy());
          client.resume();
        });
        upstream.once('error', () => {
          upstream.destroy();
          if (Date.now() < deadline && !client.destroyed) setTimeout(attempt, 100);
          else client.destroy();
        });
      };
      client.on('error', () => client.destroy());
      attempt();
    })
    .listen(Number(port), '127.0.0.1');
}
