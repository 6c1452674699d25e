import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './temporalCli';

/** Temporal's Java time-skipping test server, from Maven Central (stack/temporal-test-server/pom.xml). */
export const TEMPORAL_TEST_SERVER_VERSION = '1.31.0';

/**
 * The executable `@temporalio/testing`'s time-skipping environment runs as `<path> <port> [extraArgs]`: a shell script
 * that starts the Java test server on its Maven classpath. On first use Maven fetches the server and its dependencies
 * into .tools/ (a JDK 17 and Maven are needed; .ci/run installs them on a fresh machine). The launcher,
 * TestServerAt.java, adds `--start-at <ISO instant>` to the stock server, so a test can run a campaign of a year
 * that has already begun at its real instants; launch.js gives the JVM the time it needs to start.
 */
export function timeSkippingServerExecutable(log: (msg: string) => void = () => undefined): string {
  const source = path.join(projectRoot(), 'stack', 'temporal-test-server');
  const target = path.join(projectRoot(), '.tools', `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}`);
  const lib = path.join(target, 'lib');
  const script = path.join(target, 'test-server');
  if (!fs.existsSync(path.join(lib, `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}.jar`))) {
    log(`fetching io.temporal:temporal-test-server:${TEMPORAL_TEST_SERVER_VERSION} from Maven Central into ${lib}`);
    execFileSync(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        path.join(source, 'pom.xml'),
        'dependency:copy-dependencies',
        `-DoutputDirectory=${lib}`,
        '-DincludeScope=runtime',
      ],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
  }
  // Compiled once, so starting the server is only the JVM's start-up; again whenever the source is newer.
  const classes = path.join(target, 'classes');
  const launcher = path.join(source, 'TestServerAt.java');
  const compiled = path.join(classes, 'TestServerAt.class');
  if (!fs.existsSync(compiled) || fs.statSync(compiled).mtimeMs < fs.statSync(launcher).mtimeMs) {
    execFileSync('javac', ['-cp', `${lib}/*`, '-d', classes, launcher], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  // Rewritten every time: it names this checkout's paths, which move with the worktree. launch.js answers on the
  // port at once and forwards to the JVM once it is up (the environment allows the server only 5 s to start).
  const classpath = `${lib}/*${path.delimiter}${classes}`;
  fs.writeFileSync(
    script,
    `#!/bin/sh\nexec '${process.execPath}' '${path.join(source, 'launch.js')}' '${classpath}' "$@"\n`,
    { mode: 0o755 },
  );
  return script;
}
