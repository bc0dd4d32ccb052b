// The conformance suite is only as good as the faults it catches. This runs it (in a separate vitest
// process, since those tests are meant to fail) over an honest toy adapter and over six adapters that
// each break one promise, and checks that exactly the honest one passes and each broken one fails
// the check that names its fault.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

interface AssertionResult {
  ancestorTitles: string[];
  title: string;
  status: 'passed' | 'failed' | 'skipped' | 'pending' | 'todo';
}

const config = fileURLToPath(new URL('./broken/vitest.config.ts', import.meta.url));
const vitestBin = join(createRequire(import.meta.url).resolve('vitest/package.json'), '..', 'vitest.mjs');

/** The check each broken adapter must fail (a title of the suite). */
const expectedFailure: Record<string, string> = {
  'ignores-abort': '(direct) stops its own work when aborted, and falls silent',
  'wrong-dimensions': '(direct) reports the true type and size of its images itself',
  'drops-field-silently': '(direct) warns itself about the fields it ignores',
  'throws-plain-error': '(direct) fails with typed errors itself',
  'progress-after-done': '(direct) sends no progress after its call settles',
  'validates-nothing': '(direct) validates a call itself, before any work',
};

describe('the conformance suite catches broken adapters', () => {
  let results: AssertionResult[] = [];

  beforeAll(async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pictor-broken-')), 'report.json');
    await new Promise<void>((resolve) => {
      execFile(
        process.execPath,
        [vitestBin, 'run', '--config', config, '--reporter=json', `--outputFile=${out}`],
        { env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 32 << 20 },
        // The run exits non-zero (its broken suites fail): only the report matters.
        () => resolve(),
      );
    });
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      testResults: { assertionResults: AssertionResult[] }[];
    };
    results = report.testResults.flatMap((file) => file.assertionResults);
  }, 120_000);

  const of = (flaw: string) => results.filter((r) => r.ancestorTitles.includes(`conformance: toy ${flaw}`));

  it('passes the honest toy adapter on every check', () => {
    const honest = of('none');
    expect(honest.length).toBeGreaterThan(10);
    expect(honest.filter((r) => r.status !== 'passed').map((r) => r.title)).toEqual([]);
  });

  it('fails a test that writes to the console (the workspace test setup)', () => {
    const stray = results.find((r) => r.ancestorTitles.includes('stray console'));
    expect(stray?.status).toBe('failed');
  });

  for (const [flaw, title] of Object.entries(expectedFailure)) {
    it(`fails the adapter that ${flaw.replaceAll('-', ' ')}, on "${title}"`, () => {
      const suite = of(flaw);
      expect(suite.length).toBe(of('none').length);
      const failed = suite.filter((r) => r.status === 'failed').map((r) => r.title);
      expect(failed).toContain(title);
    });
  }
});
