import { createTfjs } from '@pictor/tfjs';
import { describeConformance } from '../conformance/index.js';

describeConformance('tfjs:emoji (wasm)', () => {
  const factory = createTfjs({ backend: 'wasm' });
  const provider = factory('emoji');
  // 256×256 through esrgan-slim ×8 in 8-pixel tiles: ~2 s, abortable between tiles.
  const slow = factory('emoji', { size: 256, tileSize: 8 });
  return {
    provider,
    request: { prompt: 'a red apple', n: 2 },
    slow: () => slow,
    // tfjs-node cannot be installed here: asking for it fails with a typed ModelLoadError.
    failing: () => createTfjs({ backend: 'node' })('emoji'),
    cleanup: async () => {
      await provider.dispose?.();
      await slow.dispose?.();
    },
  };
});

describeConformance('tfjs:emoji (cpu, 64×64 by default)', () => {
  const provider = createTfjs({ backend: 'cpu' })('emoji', { size: 64, upscaler: 'nearest' });
  return {
    provider,
    request: { prompt: 'smiling face' },
    cleanup: async () => void (await provider.dispose?.()),
  };
});
