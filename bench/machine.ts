import fs from 'node:fs';
import os from 'node:os';

export function machine(): Record<string, string> {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const memKb = Number(/MemTotal:\s+(\d+)/.exec(fs.readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);
  return {
    nproc: String(os.availableParallelism()),
    memory: `${(memKb / 1024 / 1024).toFixed(1)} GiB`,
    cpu: model,
    node: process.version,
    kernel: os.release(),
    loadavg: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}

export function printMachine(): void {
  const m = machine();
  console.log(
    `machine: nproc=${m.nproc} memory=${m.memory} cpu="${m.cpu}" node=${m.node} kernel=${m.kernel} loadavg(1/5/15)=${m.loadavg}`,
  );
}

/** Prints rows as a Markdown table (so the output pastes into docs/BENCHMARKS.md as it is). */
export function printTable(title: string, rows: Record<string, string | number>[]): void {
  console.log(`\n### ${title}\n`);
  if (rows.length === 0) return void console.log('(no rows)');
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: string | number | undefined) => (v === undefined ? '' : typeof v === 'number' ? fmt(v) : v);
  console.log(`| ${cols.join(' | ')} |`);
  console.log(`| ${cols.map(() => '---').join(' | ')} |`);
  for (const r of rows) console.log(`| ${cols.map((c) => cell(r[c])).join(' | ')} |`);
  console.log('');
}

export function fmt(v: number): string {
  if (!isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** /proc figures for one process: resident memory now and at peak, and CPU seconds used so far. */
export function procStats(pid: number): { rssMb: number; hwmMb: number; cpuSec: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14, 15 of stat)
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024, cpuSec: ticks / 100 };
}

/** Every descendant of a process (for the dev server's children, the postgres backends). */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(d), ...descendants(Number(d)));
    } catch {
      // gone
    }
  }
  return out;
}
