// The Workers AI fault-injection suite at 10,000 requests (16 in flight, 10 % of attempts faulted,
// every fault kind, both transports and both response shapes): outcomes, sockets and memory.
import { runFaultInjection } from '../workers-ai/fault-injection.js';
import type { BenchFigure } from './harness.js';

const MiB = 1024 * 1024;

export default async function run(): Promise<BenchFigure[]> {
  const requests = 10_000;
  const report = await runFaultInjection({ requests, inFlight: 16, faultRate: 0.1, seed: 11 });
  const faults = Object.values(report.injected).reduce((sum, n) => sum + n, 0);
  const typed = Object.entries(report.typedErrors)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  const note = `${requests} requests, ${report.attempts} attempts, ${faults} faults injected (${((100 * faults) / report.attempts).toFixed(1)} %) of ${Object.keys(report.injected).length} kinds; ${(report.elapsedMs / 1000).toFixed(1)} s`;
  return [
    {
      name: 'fault injection: requests ending as the exact image the server meant',
      value: report.images,
      unit: 'requests',
      note: `${note}; the rest typed PictorErrors: ${typed}`,
    },
    {
      name: 'fault injection: corrupt images + untyped errors + hangs',
      value: report.corrupt + report.untyped.length + report.hangs,
      unit: 'requests',
      goal: '0',
      met: report.corrupt + report.untyped.length + report.hangs === 0,
      note: `corrupt ${report.corrupt}, untyped ${report.untyped.length}, hangs ${report.hangs}`,
    },
    {
      name: 'fault injection: open sockets on the server, peak / after the run',
      value: report.maxOpenSockets,
      unit: 'sockets',
      note: `${report.finalOpenSockets} open after the run (the keep-alive pools of two transports at 16 in flight)`,
    },
    {
      name: 'fault injection: heap + ArrayBuffers growth from a quarter of the run to its end (after GC)',
      value: (report.memoryAtEnd - report.memoryAtQuarter) / MiB,
      unit: 'MiB',
      note: `${(report.memoryAtQuarter / MiB).toFixed(1)} → ${(report.memoryAtEnd / MiB).toFixed(1)} MiB, fake server in-process`,
    },
  ];
}
