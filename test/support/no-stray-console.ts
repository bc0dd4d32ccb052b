// Test setup for every project: a test that writes to `console.*` fails, naming what was written.
// Output a test means to check is captured by the test itself (`vi.spyOn(console, 'log')`), which
// replaces this guard for that test.
import { afterEach, beforeEach, vi } from 'vitest';

const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
let written: string[] = [];

function describeArgument(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

beforeEach(() => {
  written = [];
  for (const method of methods) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      written.push(`console.${method}(${args.map(describeArgument).join(' ').slice(0, 300)})`);
    });
  }
});

afterEach(() => {
  const stray = written;
  written = [];
  for (const method of methods) {
    const current = console[method] as unknown as { mockRestore?: () => void };
    current.mockRestore?.();
  }
  if (stray.length > 0) throw new Error(`stray console output in this test:\n${stray.join('\n')}`);
});
