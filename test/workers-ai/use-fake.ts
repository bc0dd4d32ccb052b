// One fake Workers AI server per test file: started before the file's tests, closed after them, and
// reset (no recorded requests, no behaviours) before each test.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  type FakeWorkersAI,
  type FakeWorkersAIOptions,
  startFakeWorkersAI,
} from '../fake-workers-ai/index.js';

/** Registers the hooks and returns the running fake (usable inside tests and hooks, not at load time). */
export function useFakeWorkersAI(options: FakeWorkersAIOptions = {}): FakeWorkersAI {
  let current: FakeWorkersAI | undefined;
  beforeAll(async () => {
    current = await startFakeWorkersAI(options);
  }, 60_000);
  afterAll(() => current?.close());
  beforeEach(() => {
    current!.requests.length = 0;
    current!.setBehaviour(null);
  });
  return new Proxy({} as FakeWorkersAI, {
    get(_, key) {
      if (!current) throw new Error('the fake Workers AI server starts in beforeAll; use it inside tests');
      const value = Reflect.get(current, key) as unknown;
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}
