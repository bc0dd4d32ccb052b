// The binding runner in Node: what it hands `env.AI.run` (the binding's AiOptions) and how it types
// what the binding throws. The binding here records its arguments and fails on demand; the real
// binding inside workerd is covered by test/workers-ai/binding.test.ts. Written against mutants of
// `pnpm mutation --mutate 'packages/workers-ai/src/run/binding-runner.ts'`.
import {
  AbortError,
  AuthenticationError,
  InvalidRequestError,
  ProviderError,
  RateLimitError,
} from '@pictor/core';
import { type AiBinding, createBindingRunner } from '@pictor/workers-ai';
import { describe, expect, it } from 'vitest';

const MODEL = '@cf/black-forest-labs/flux-1-schnell';

function binding(fail?: unknown) {
  const calls: { model: unknown; inputs: unknown; options: Record<string, unknown> }[] = [];
  const ai: AiBinding = {
    async run(model, inputs, options) {
      calls.push({ model, inputs, options });
      if (fail !== undefined) throw fail;
      return { image: 'aGk=' };
    },
  };
  return { ai, calls };
}

describe('createBindingRunner', () => {
  it('names its transport and default gateway, and passes model and inputs through', async () => {
    const { ai, calls } = binding();
    const runner = createBindingRunner(ai, { gateway: { id: 'gw' } });
    expect(runner.transport).toBe('binding');
    expect(runner.defaultGateway).toEqual({ id: 'gw' });
    expect(await runner.run(MODEL, { prompt: 'a' })).toEqual({ image: 'aGk=' });
    expect(calls).toEqual([{ model: MODEL, inputs: { prompt: 'a' }, options: { gateway: { id: 'gw' } } }]);
    expect(createBindingRunner(ai).defaultGateway).toBeUndefined();
  });

  it('maps every run option onto the binding’s AiOptions, and sends none it was not given', async () => {
    const { ai, calls } = binding();
    const runner = createBindingRunner(ai, { gateway: { id: 'default-gw' } });
    const signal = new AbortController().signal;
    await runner.run(
      MODEL,
      { prompt: 'a' },
      {
        gateway: { id: 'gw', cacheTtl: 60, authorization: 'gateway-token-value' },
        signal,
        tags: ['t1'],
        headers: { 'x-a': '1' },
        rejectIfBusy: true,
        queueRequest: true,
      },
    );
    await createBindingRunner(ai).run(MODEL, { prompt: 'a' }, {});
    await createBindingRunner(ai).run(MODEL, { prompt: 'a' }, { rejectIfBusy: false, queueRequest: false });
    expect(calls[0]!.options).toEqual({
      gateway: { id: 'gw', cacheTtl: 60 },
      signal,
      tags: ['t1'],
      extraHeaders: { 'x-a': '1' },
      rejectIfBusy: true,
      queueRequest: true,
    });
    // No key at all, not one set to undefined: the binding tells an absent option from a present one.
    expect(Object.keys(calls[1]!.options)).toEqual([]);
    expect(Object.keys(calls[2]!.options)).toEqual([]);
  });

  it('refuses a crafted model id before calling the binding', async () => {
    const { ai, calls } = binding();
    const error = await createBindingRunner(ai)
      .run('@cf/../../user/tokens', { prompt: 'a' })
      .catch((e: unknown) => e);
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as InvalidRequestError).field).toBe('model');
    expect(calls).toHaveLength(0);
  });

  it('types the binding’s plain errors by their code, keeping the original as cause', async () => {
    const busy = new Error('InferenceUpstreamError: 3040: Capacity temporarily exceeded');
    const error = await createBindingRunner(binding(busy).ai)
      .run(MODEL, { prompt: 'a' })
      .catch((e: unknown) => e);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).cause).toBe(busy);
    expect((error as Error).message).toContain(`${MODEL} (code 3040)`);
    expect((error as Error).message).toContain('Capacity temporarily exceeded');
    const auth = await createBindingRunner(binding(new Error('10000: Authentication error')).ai)
      .run(MODEL, { prompt: 'a' })
      .catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(auth)).toBe(true);
    const text = await createBindingRunner(binding('something odd').ai)
      .run(MODEL, { prompt: 'a' })
      .catch((e: unknown) => e);
    expect(ProviderError.isInstance(text)).toBe(true);
    expect((text as Error).message).toContain('something odd');
    expect((text as ProviderError).isRetryable).toBe(false);
  });

  it('passes a Pictor error through, and says abort when the caller aborted', async () => {
    const own = new RateLimitError('already typed');
    expect(
      await createBindingRunner(binding(own).ai)
        .run(MODEL, { prompt: 'a' })
        .catch((e: unknown) => e),
    ).toBe(own);
    const controller = new AbortController();
    const reason = new Error('The operation was aborted');
    const ai: AiBinding = {
      async run() {
        controller.abort();
        throw reason;
      },
    };
    const error = await createBindingRunner(ai)
      .run(MODEL, { prompt: 'a' }, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as AbortError).provider).toBe('workers-ai');
    expect((error as AbortError).cause).toBe(reason);
  });

  it('names the known FLUX.2 failure only for a multipart body through a gateway', async () => {
    const failure = new Error('7000: Internal server error');
    const multipart = { multipart: { body: new FormData(), contentType: 'multipart/form-data' } };
    const through = await createBindingRunner(binding(failure).ai, { gateway: { id: 'gw' } })
      .run(MODEL, multipart)
      .catch((e: unknown) => e);
    expect((through as Error).message).toContain('multipart (FLUX.2) requests fail through AI Gateway');
    const direct = await createBindingRunner(binding(failure).ai)
      .run(MODEL, multipart)
      .catch((e: unknown) => e);
    expect((direct as Error).message).not.toContain('multipart (FLUX.2)');
    const json = await createBindingRunner(binding(failure).ai, { gateway: { id: 'gw' } })
      .run(MODEL, { prompt: 'a' })
      .catch((e: unknown) => e);
    expect((json as Error).message).not.toContain('multipart (FLUX.2)');
  });
});
