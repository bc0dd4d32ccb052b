// Text (SSE) and vision models for judges, over real HTTP against the fake server.
import {
  AbortError,
  encodePng,
  InvalidRequestError,
  ProviderError,
  UnsupportedFeatureError,
} from '@pictor/core';
import { createWorkersAI, parseTextStream, type TextStreamEvent, type VisionJudge } from '@pictor/workers-ai';
import { beforeAll, describe, expect, it } from 'vitest';
import { solidImage } from '../fake-workers-ai/index.js';
import { useFakeWorkersAI } from './use-fake.js';

const fake = useFakeWorkersAI({ textReply: () => 'The quick brown fox jumps.' });

const LLAMA = '@cf/meta/llama-3.1-8b-instruct';

describe('text models', () => {
  it('streams deltas over SSE (ignoring the p padding), then usage, then done', async () => {
    const events: TextStreamEvent[] = [];
    for await (const event of createWorkersAI(fake.settings)
      .text(LLAMA)
      .stream({ prompt: 'Say something', maxTokens: 20 }))
      events.push(event);
    const text = events.flatMap((e) => (e.type === 'delta' ? [e.text] : [])).join('');
    expect(text).toBe('The quick brown fox jumps.');
    expect(events.at(-2)).toEqual({
      type: 'usage',
      usage: { promptTokens: 12, completionTokens: 5, totalTokens: 17 },
    });
    expect(events.at(-1)).toEqual({ type: 'done' });
    expect(fake.requests[0]!.json).toEqual({ prompt: 'Say something', max_tokens: 20, stream: true });
  });

  it('generate returns the whole text and usage; messages are sent as given', async () => {
    const result = await createWorkersAI(fake.settings)
      .text(LLAMA)
      .generate({ messages: [{ role: 'user', content: 'Hi' }] });
    expect(result).toEqual({
      text: 'The quick brown fox jumps.',
      usage: { promptTokens: 12, completionTokens: 5, totalTokens: 17 },
    });
    expect(fake.requests[0]!.json).toEqual({ messages: [{ role: 'user', content: 'Hi' }] });
  });

  it('aborting mid-stream ends the iteration with AbortError', async () => {
    fake.setBehaviour({ type: 'slow-body', ms: 150 });
    const controller = new AbortController();
    const seen: TextStreamEvent[] = [];
    const run = async () => {
      for await (const event of createWorkersAI(fake.settings)
        .text(LLAMA)
        .stream({ prompt: 'x' }, { signal: controller.signal })) {
        seen.push(event);
        if (seen.length === 1) controller.abort();
      }
    };
    await expect(run()).rejects.toSatisfy((e) => AbortError.isInstance(e));
    expect(seen).toHaveLength(1);
  });

  it('a stream that ends without [DONE] is a retryable ProviderError', async () => {
    const bytes = new TextEncoder().encode(
      'data: {"response":"Hel","p":"xx"}\n\ndata: {"response":"lo"}\n\n',
    );
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 17)); // split inside an event
        controller.enqueue(bytes.subarray(17));
        controller.close();
      },
    });
    const events: TextStreamEvent[] = [];
    const error = await (async () => {
      for await (const event of parseTextStream(stream, LLAMA)) events.push(event);
    })().catch((e: unknown) => e);
    expect(events).toEqual([
      { type: 'delta', text: 'Hel' },
      { type: 'delta', text: 'lo' },
    ]);
    expect(ProviderError.isInstance(error) && error.isRetryable).toBe(true);
  });

  it('a request with neither prompt nor messages is refused before any request', async () => {
    await expect(createWorkersAI(fake.settings).text(LLAMA).generate({})).rejects.toSatisfy((e) =>
      InvalidRequestError.isInstance(e),
    );
    expect(fake.requests).toHaveLength(0);
  });
});

describe('vision models', () => {
  let red: Uint8Array;
  beforeAll(async () => {
    red = await solidImage('png', 64, 64, [220, 30, 30]);
  }, 60_000);

  it('clef answers yes/no with P(yes), sending the image as { content_type, base64 }', async () => {
    const clef = createWorkersAI(fake.settings).vision('@cf/cloudflare/clef');
    const yes = await clef.ask({ image: red, question: 'Is the image red?' });
    const no = await clef.ask({ image: red, question: 'Is the image blue?' });
    expect(yes.answer).toBe('yes');
    expect(yes.yesProbability).toBeGreaterThan(0.9);
    expect(no).toMatchObject({ answer: 'no' });
    expect(no.yesProbability).toBeLessThan(0.1);
    const body = fake.requests[0]!.json as {
      images: { content_type: string; base64: string }[];
      questions: Record<string, { type: string }>;
    };
    expect(body.images[0]!.content_type).toBe('image/png');
    expect(Buffer.from(body.images[0]!.base64, 'base64').equals(Buffer.from(red))).toBe(true);
    expect(body.questions.q!.type).toBe('noul');
  });

  it('llama-3.2 vision accepts its licence once (prompt "agree") and then answers', async () => {
    const vision = createWorkersAI(fake.settings).vision('@cf/meta/llama-3.2-11b-vision-instruct');
    const first = await vision.ask({ image: red, question: 'Is the image red?' });
    expect(first.answer).toMatch(/^Yes/);
    expect(fake.agreed).toBe(true);
    expect(fake.requests.map((r) => (r.json as { prompt: string }).prompt)).toEqual([
      expect.stringContaining('red'),
      'agree',
      expect.stringContaining('red'),
    ]);
    await vision.ask({ image: red, question: 'Is it green?' });
    expect(fake.requests).toHaveLength(4);
  });

  it('llava describes; resnet-50 classifies, sorted by score; wrong use is UnsupportedFeatureError', async () => {
    const provider = createWorkersAI(fake.settings);
    expect(
      (await provider.vision('@cf/llava-hf/llava-1.5-7b-hf').ask({ image: red, question: 'Is it red?' }))
        .answer,
    ).toMatch(/^Yes/);
    const labels = await provider.vision('@cf/microsoft/resnet-50').classify(red);
    expect(labels[0]).toEqual({ label: 'RED SQUARE', score: 0.71 });
    expect(labels[0]!.score).toBeGreaterThan(labels[1]!.score);
    await expect(
      provider.vision('@cf/microsoft/resnet-50').ask({ image: red, question: 'x' }),
    ).rejects.toSatisfy((e) => UnsupportedFeatureError.isInstance(e));
    await expect(provider.vision('@cf/cloudflare/clef').classify(red)).rejects.toSatisfy((e) =>
      UnsupportedFeatureError.isInstance(e),
    );
  });

  it('the judge function has the injectable VisionJudge shape; bad input fails before any request', async () => {
    const judge: VisionJudge = createWorkersAI(fake.settings).judge();
    const green = await encodePng({
      width: 8,
      height: 8,
      data: new Uint8Array(256).map((_, i) => [30, 170, 60, 255][i % 4]!),
    });
    expect(await judge({ image: green, question: 'Is the image green?' })).toMatchObject({ answer: 'yes' });
    fake.requests.length = 0;
    await expect(judge({ image: new Uint8Array([1, 2, 3]), question: 'x' })).rejects.toSatisfy(
      (e) => InvalidRequestError.isInstance(e) && e.field === 'image',
    );
    await expect(judge({ image: green, question: '  ' })).rejects.toSatisfy(
      (e) => InvalidRequestError.isInstance(e) && e.field === 'question',
    );
    expect(fake.requests).toHaveLength(0);
  });
});
