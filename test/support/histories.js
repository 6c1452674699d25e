// Records and replays workflow histories in a plain Node process: protobufjs's JSON conversion does not work inside
// jest's module sandbox, so the tests run this script as a child process.
//   node histories.js record <address> <outDir> <name=workflowId>...
//   node histories.js replay <bundlePath> <file>...     → one JSON line per file: {file, error}
const fs = require('node:fs');
const path = require('node:path');
const { historyFromJSON, historyToJSON } = require('@temporalio/common/lib/proto-utils');

async function record([address, outDir, ...pairs]) {
  const { Client, Connection } = require('@temporalio/client');
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection });
    fs.mkdirSync(outDir, { recursive: true });
    for (const pair of pairs) {
      const [name, workflowId] = pair.split('=');
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      fs.writeFileSync(path.join(outDir, `${name}.json`), historyToJSON(history));
    }
  } finally {
    await connection.close();
  }
}

async function replay([bundlePath, ...files]) {
  const { Worker, DefaultLogger, Runtime } = require('@temporalio/worker');
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  for (const file of files) {
    const history = historyFromJSON(JSON.parse(fs.readFileSync(file, 'utf8')));
    let error = null;
    try {
      await Worker.runReplayHistory({ workflowBundle: { codePath: bundlePath } }, history, path.basename(file));
    } catch (err) {
      error = `${err.name}: ${err.message}`;
    }
    const type = history.events[0].workflowExecutionStartedEventAttributes.workflowType.name;
    process.stdout.write(JSON.stringify({ file: path.basename(file), type, error }) + '\n');
  }
}

const [mode, ...args] = process.argv.slice(2);
(mode === 'record' ? record : replay)(args).catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
