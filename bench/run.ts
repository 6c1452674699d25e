/**
 * `npm run bench -- <scenario> [--agencies N]`: fan-out | storm | digests | api | footprint | growth | roster-import | smoke.
 * storm takes `--product-rate` and `--bare-rate` (starts/s, default 40 and 150) to size the lead before its instant.
 * Each run starts its own Temporal dev server and embedded PostgreSQL under a temp dir (or uses TEMPORAL_ADDRESS /
 * DATABASE_URL), prints Markdown tables and the machine, and tears everything down. docs/BENCHMARKS.md has the results.
 */
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { printMachine, printTable } from './machine';
import { startStack } from './stack';
import { rosterImport } from './rosterImport';
import { digestRows, digests } from './digests';
import {
  apiScenario,
  fanOut,
  nodeArgs,
  fanOutRows,
  footprint,
  startProduct,
  storm,
  stormRows,
  type FanOutResult,
} from './scenarios';

function args() {
  const [scenario = 'smoke', ...rest] = process.argv.slice(2);
  const opt = (name: string, def: string) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 && rest[i + 1] ? rest[i + 1] : def;
  };
  return {
    scenario,
    n: Number(opt('agencies', '1000')),
    sizes: opt('sizes', '100,1000,10000').split(',').map(Number),
    duration: Number(opt('duration', '10')),
    restSec: Number(opt('rest', '30')),
    historyN: Number(opt('history-agencies', '200')),
    profile: rest.includes('--profile'),
    profileApi: rest.includes('--profile-api'),
    /** the worker's V8 heap (--max-old-space-size), as WORKER_HEAP_MB deploys it; 0: Node's default */
    workerHeapMb: Number(opt('worker-heap', '1024')),
    /** storm: the start rates (per second) the instant's lead is sized for, so every agency runs before it */
    productRate: Number(opt('product-rate', '40')),
    bareRate: Number(opt('bare-rate', '150')),
  };
}

async function main() {
  const a = args();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  printMachine();
  const t0 = Date.now();
  const stack = await startStack((m) => console.error(`[bench] ${m}`));
  const prof = ['--cpu-prof', `--cpu-prof-dir=${path.join(os.tmpdir(), 'bench-profiles')}`];
  const workerNodeArgs = [
    ...(a.profile ? prof : []),
    ...(a.workerHeapMb > 0 ? [`--max-old-space-size=${a.workerHeapMb}`] : []),
  ];
  nodeArgs.worker = workerNodeArgs;
  if (a.profileApi) nodeArgs.api = prof;
  try {
    switch (a.scenario) {
      case 'fan-out':
      case 'fanout':
        printTable(`fan-out, N=${a.n}`, fanOutRows([await fanOut(stack, a.n, { workerNodeArgs })]));
        break;
      case 'storm':
        printTable(
          `deadline storm, N=${a.n}`,
          stormRows([await storm(stack, a.n, { productRate: a.productRate, bareRate: a.bareRate })]),
        );
        break;
      case 'api':
        printTable(
          `API under load, campaign of N=${a.n} agencies, ${a.duration}s per measurement`,
          await apiScenario(stack, a.n, { duration: a.duration }),
        );
        break;
      case 'footprint':
      case 'large': {
        // large: the bare fan-out baseline, then fan-out, footprint at rest and the API, all on one campaign of N
        const large = a.scenario === 'large';
        const f = await footprint(stack, a.n, {
          restSec: a.restSec,
          historyN: a.historyN,
          withBaseline: large,
          apiDuration: large ? a.duration : undefined,
        });
        if (f.fanOutResult) printTable(`fan-out, N=${a.n}`, fanOutRows([f.fanOutResult]));
        if (f.apiRows)
          printTable(`API under load, campaign of N=${a.n} agencies, ${a.duration}s per measurement`, f.apiRows);
        printTable(`footprint at rest, N=${a.n} open agency workflows (CPU over ${a.restSec}s)`, f.rows);
        printTable(`history sizes after a full compressed campaign of ${a.historyN} agencies`, f.histories);
        break;
      }
      case 'growth': {
        const fan: FanOutResult[] = [];
        const st = [];
        for (const n of a.sizes) {
          const f = await fanOut(stack, n, { workerNodeArgs });
          fan.push(f);
          printTable(`fan-out, N=${n}`, fanOutRows([f]));
          const s = await storm(stack, n, {
            productRate: n / (f.productProjectedMs / 1000),
            bareRate: n / (f.baselineStartsMs / 1000),
          });
          st.push(s);
          printTable(`deadline storm, N=${n}`, stormRows([s]));
        }
        printTable('growth: fan-out', fanOutRows(fan));
        printTable('growth: deadline storm', stormRows(st));
        break;
      }
      case 'digests':
        printTable(`digests, N=${a.n}`, digestRows(await digests(stack.sql, () => startProduct(stack), a.n)));
        break;
      case 'roster-import':
        printTable(`roster import, N=${a.n} rows`, await rosterImport(stack, a.n));
        break;
      case 'smoke': {
        const n = 20;
        printTable(`fan-out, N=${n}`, fanOutRows([await fanOut(stack, n)]));
        printTable(`deadline storm, N=${n}`, stormRows([await storm(stack, n, { productRate: 20, bareRate: 50 })]));
        printTable(`API, N=${n}`, await apiScenario(stack, n, { duration: 1 }));
        const f = await footprint(stack, n, { restSec: 2, historyN: 5, closeWaitSec: 15 });
        printTable(`footprint, N=${n}`, f.rows);
        printTable('histories, full compressed campaign of 5 agencies', f.histories);
        break;
      }
      default:
        throw new Error(`unknown scenario ${a.scenario}: fan-out | storm | api | footprint | large | growth | smoke`);
    }
  } finally {
    await stack.close();
  }
  printMachine();
  console.log(`\nbench ${a.scenario} took ${((Date.now() - t0) / 1000).toFixed(0)}s`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
