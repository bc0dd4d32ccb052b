// A crafted model id never reaches the network: on every path that takes one (image models,
// text(), vision(), judge(), batch(), runner.run(), over REST and through a gateway) it is an
// InvalidRequestError naming the field, and the hostile server records no request at all.
import { InvalidRequestError } from '@pictor/core';
import { createWorkersAI } from '@pictor/workers-ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostileServer, startHostileServer } from './hostile-server.js';

const CRAFTED = [
  '@cf/../../../../../user/tokens',
  '@cf/meta/../../../../user/tokens',
  '@cf/meta/llama?x=1',
  '@cf/meta/llama#frag',
  '@cf/meta/llama%2F..%2F..',
  '@cf/meta/llama/extra',
  '@cf/meta/..',
  '@cf/./name',
  '@cf/meta/llama 3',
  '@cf/meta/llama\r\nX-Injected: 1',
  '@cf//llama',
  '@cf/meta/',
  '@evil/meta/llama',
  'https://evil.example/x',
  '/user/tokens',
  '',
  `@cf/meta/${'a'.repeat(300)}`,
];

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer('cfut_ModelIds_Token_0123456789abcdef');
});
afterAll(() => server.close());

async function refusal(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('crafted model ids', () => {
  it('are refused on every path before any request', async () => {
    const workersAI = createWorkersAI(server.settings);
    const bindingCalls: unknown[] = [];
    const viaBinding = createWorkersAI({
      binding: { run: async (model: unknown) => bindingCalls.push(model) },
    });
    const paths: [string, (id: string) => unknown][] = [
      ['image model', (id) => workersAI(id as never)],
      ['text().generate', (id) => workersAI.text(id as never).generate({ prompt: 'hi' })],
      [
        'vision().ask',
        (id) => workersAI.vision(id as never).ask({ image: new Uint8Array(8), question: 'q' } as never),
      ],
      ['judge()', (id) => workersAI.judge(id as never)],
      ['batch()', (id) => workersAI.batch(id)],
      ['runner.run (REST)', (id) => workersAI.runner.run(id, { prompt: 'x' })],
      ['runner.run (gateway)', (id) => workersAI.runner.run(id, { prompt: 'x' }, { gateway: { id: 'gw' } })],
      ['runner.run (binding)', (id) => viaBinding.runner.run(id, { prompt: 'x' })],
    ];
    for (const id of CRAFTED) {
      for (const [path, call] of paths) {
        const error = await refusal(() => call(id));
        expect(InvalidRequestError.isInstance(error), `${path} ${JSON.stringify(id)}: ${String(error)}`).toBe(
          true,
        );
      }
    }
    expect(server.requests).toEqual([]);
    expect(bindingCalls).toEqual([]);
  });

  it('a documented id still reaches the run endpoint, encoded per segment', async () => {
    const workersAI = createWorkersAI(server.settings);
    server.scenario = { type: 'ok' };
    await workersAI.runner.run('@cf/moondream/moondream3.1-9B-A2B', { prompt: 'x' });
    expect(server.requests.at(-1)?.url).toBe(
      `/client/v4/accounts/${server.accountId}/ai/run/@cf/moondream/moondream3.1-9B-A2B`,
    );
  });
});
