import { describe, expect, it } from 'vitest';
import { createImageClient, retry } from '@pictor/core';
import { mockProvider } from '@pictor/core/test';

describe('client smoke', () => {
  it('generates a real PNG through middleware', async () => {
    const client = createImageClient({ provider: mockProvider(), middleware: [retry()] });
    const result = await client.generate({ prompt: 'a red apple', seed: 1, width: 32, height: 16 });
    expect(result.images[0]!.mediaType).toBe('image/png');
    expect(result.images[0]!.width).toBe(32);
    expect(result.images[0]!.height).toBe(16);
  });
});
