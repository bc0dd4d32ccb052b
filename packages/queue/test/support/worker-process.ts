// A worker process for the multi-process tests: runs the mock provider with a fixed latency and
// prints one line per event ("ready", "start <jobId>", "done <jobId>") so the test can follow it.
import { mockProvider } from '@pictor/core/test';
import { createWorker } from '../../src/index.js';

const [url, latency = '50', lock = '1000'] = process.argv.slice(2);
const provider = mockProvider({ latencyMs: Number(latency) });
const wrapped = {
  ...provider,
  generate: async (...args: Parameters<typeof provider.generate>) => {
    process.stdout.write(`start ${args[0].prompt}\n`);
    const result = await provider.generate(...args);
    process.stdout.write(`done ${args[0].prompt}\n`);
    return result;
  },
};
const worker = await createWorker(wrapped, {
  queue: { connection: url! },
  concurrency: 1,
  lockDurationMs: Number(lock),
});
await worker.ready();
process.stdout.write('ready\n');
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
