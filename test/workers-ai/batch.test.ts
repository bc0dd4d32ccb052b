// The asynchronous batch API over REST against the fake server: submit with ?queueRequest=true, poll
// with the request_id until the responses come, inputs checked before any call, garbage refused.
import {
  AbortError,
  InvalidRequestError,
  InvalidResponseError,
  ProviderError,
  RateLimitError,
  TimeoutError,
} from '@pictor/core';
import { BATCH_MAX_BYTES, createWorkersAI } from '@pictor/workers-ai';
import { describe, expect, it } from 'vitest';
import { useFakeWorkersAI } from './use-fake.js';

const LLAMA = '@cf/meta/llama-3.3-70b-instruct-fp8-fast';
const fake = useFakeWorkersAI({ textReply: (inputs) => `echo ${String(inputs.prompt)}` });

const batch = () => createWorkersAI(fake.settings).batch<{ response: string }>(LLAMA);

describe('the asynchronous batch API over REST', () => {
  it('submits, polls with a growing interval, and returns every response in request order', async () => {
    const statuses: string[] = [];
    const { responses, usage } = await batch().run(
      [{ prompt: 'first', external_reference: 'a' }, { prompt: 'second' }, { messages: 'not an array' }],
      { intervalMs: 2, onStatus: (status) => statuses.push(status) },
    );
    expect(statuses).toEqual(['queued', 'running']);
    expect(responses.map((r) => [r.id, r.success, r.result?.response, r.externalReference])).toEqual([
      [0, true, 'echo first', 'a'],
      [1, true, 'echo second', null],
      [2, false, undefined, null],
    ]);
    expect(responses[2]!.error).toMatch(/prompt/);
    expect(usage).toEqual({ prompt_tokens: 36 });
    const urls = fake.requests.map((r) => r.json);
    expect(urls[0]).toEqual({
      requests: [
        { prompt: 'first', external_reference: 'a' },
        { prompt: 'second' },
        { messages: 'not an array' },
      ],
    });
    expect(
      urls.slice(1).every((body) => typeof (body as { request_id?: string }).request_id === 'string'),
    ).toBe(true);
    expect(fake.requests).toHaveLength(4);
  });

  it('a handle can be collected later, from a fresh provider, with only its request_id', async () => {
    const { requestId, model } = await batch().submit([{ prompt: 'later' }]);
    expect(model).toBe(LLAMA);
    expect(await batch().poll(requestId)).toEqual({ status: 'queued', requestId });
    const result = await createWorkersAI(fake.settings).batch(LLAMA).wait(requestId, { intervalMs: 1 });
    expect(result.requestId).toBe(requestId);
    expect(result.responses).toEqual([
      {
        id: 0,
        success: true,
        result: expect.objectContaining({ response: 'echo later' }),
        externalReference: null,
      },
    ]);
  });

  it('checks every input before any call', async () => {
    const cases: [unknown, string][] = [
      [[], 'requests'],
      ['prompt', 'requests'],
      [[{ prompt: 'ok' }, 7], 'requests[1]'],
      [[{ prompt: 'ok', external_reference: 5 }], 'requests[0].external_reference'],
      [[{ request_id: 'x' }], 'requests[0].request_id'],
      [[{ prompt: 'x'.repeat(BATCH_MAX_BYTES) }], 'requests'],
    ];
    for (const [requests, field] of cases) {
      const error = await batch()
        .submit(requests as never)
        .catch((e: unknown) => e);
      expect(InvalidRequestError.isInstance(error), String(error)).toBe(true);
      expect((error as InvalidRequestError).field).toBe(field);
    }
    await expect(batch().poll('')).rejects.toMatchObject({ field: 'requestId' });
    await expect(batch().wait('id', { intervalMs: Number.NaN })).rejects.toMatchObject({
      field: 'intervalMs',
    });
    expect(() => createWorkersAI(fake.settings).batch('llama')).toThrow(/modelId/);
    expect(fake.requests).toHaveLength(0);
  });

  it('maps the provider errors: a model without batch, an unknown request_id', async () => {
    await expect(
      createWorkersAI(fake.settings)
        .batch('@cf/stabilityai/stable-diffusion-xl-base-1.0')
        .submit([{ prompt: 'x' }]),
    ).rejects.toSatisfy((e) => InvalidRequestError.isInstance(e) && /does not support batch/.test(e.message));
    await expect(batch().poll('no-such-id')).rejects.toSatisfy(
      (e) => ProviderError.isInstance(e) || InvalidRequestError.isInstance(e),
    );
  });

  it('rides out transient poll failures, up to maxPollFailures in a row', async () => {
    const { requestId } = await batch().submit([{ prompt: 'p' }]);
    fake.setBehaviour(
      { type: 'error', status: 429, code: 3040, message: 'Capacity temporarily exceeded' },
      { times: 1 },
    );
    fake.setBehaviour({ type: 'error', status: 500, code: 7000, message: 'Internal error' }, { times: 1 });
    const { responses } = await batch().wait(requestId, { intervalMs: 1 });
    expect(responses[0]!.result?.response).toBe('echo p');

    const second = await batch().submit([{ prompt: 'q' }]);
    fake.setBehaviour({ type: 'error', status: 429, code: 3040 }, { times: 3 });
    await expect(batch().wait(second.requestId, { intervalMs: 1, maxPollFailures: 2 })).rejects.toSatisfy(
      (e) => RateLimitError.isInstance(e),
    );
  });

  it('gives up after timeoutMs with a TimeoutError naming the request_id, and stops on abort', async () => {
    const { requestId } = await batch().submit([{ prompt: 'p' }]);
    const error = await batch()
      .wait(requestId, { intervalMs: 50, timeoutMs: 20 })
      .catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(String((error as Error).cause)).toContain(requestId);

    const controller = new AbortController();
    const waiting = batch().wait(requestId, { intervalMs: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(waiting).rejects.toSatisfy((e) => AbortError.isInstance(e));
  });

  it('refuses answers that are neither a queued status nor responses', async () => {
    fake.setBehaviour({
      type: 'garbage',
      contentType: 'application/json',
      body: '{"result":{"status":"weird"},"success":true}',
    });
    await expect(batch().poll('abc')).rejects.toSatisfy((e) => InvalidResponseError.isInstance(e));
    fake.setBehaviour({
      type: 'garbage',
      contentType: 'application/json',
      body: '{"result":{"status":"queued"},"success":true}',
    });
    await expect(batch().submit([{ prompt: 'x' }])).rejects.toSatisfy(
      (e) => InvalidResponseError.isInstance(e) && /request_id/.test(e.message),
    );
    fake.setBehaviour({
      type: 'garbage',
      contentType: 'application/json',
      body: '{"result":{"responses":[7]},"success":true}',
    });
    await expect(batch().poll('abc')).rejects.toSatisfy((e) => InvalidResponseError.isInstance(e));
  });
});
