// An independent truth for "does this emoji-model output show its prompt?", made without the judge
// under test: the output's nearest real emoji in pixel space. The model was trained on Noto and
// Twemoji art at 32×32 on white, so an output that shows its concept lies close to real emoji of
// that concept; one that failed lies close to something else.
import { encodePrompt } from '@pictor/model-emoji';
import sharp from 'sharp';
import { emojiEntries, emojiPng } from '../test/scenes.js';

/** How an output relates to its prompt, by its 5 nearest real emoji (Noto + Twemoji, 32×32 on white). */
export type PixelTruth = 'shows' | 'unclear';

const K = 5;
const AGREE = 3;

interface Reference {
  pixels: Float32Array;
  words: Set<string>;
}

let references: Promise<Reference[]> | undefined;

async function loadReferences(): Promise<Reference[]> {
  const out: Reference[] = [];
  for (const entry of emojiEntries.filter((e) => e.has_img_google && e.has_img_twitter)) {
    const words = new Set(encodePrompt(entry.name.toLowerCase()).known);
    for (const set of ['google', 'twitter'] as const) {
      const raw = await sharp(emojiPng(entry.name, set))
        .flatten({ background: '#ffffff' })
        .resize(32, 32, { kernel: 'linear' })
        .removeAlpha()
        .raw()
        .toBuffer();
      out.push({ pixels: Float32Array.from(raw), words });
    }
  }
  return out;
}

/**
 * `shows` when at least 3 of the output's 5 nearest real emoji (squared RGB distance) have a name that
 * shares a word with the prompt; otherwise `unclear` (a failed drawing, or one too far from any real
 * emoji to say). Conservative by design: it only vouches for outputs that clearly look like their concept.
 */
export async function pixelTruth(png: Uint8Array, promptWords: readonly string[]): Promise<PixelTruth> {
  references ??= loadReferences();
  const refs = await references;
  const raw = await sharp(png).removeAlpha().raw().toBuffer();
  if (raw.length !== 32 * 32 * 3) throw new Error('pixelTruth expects a 32×32 RGB image');
  const nearest: { distance: number; words: Set<string> }[] = [];
  for (const ref of refs) {
    let distance = 0;
    for (let i = 0; i < raw.length; i++) {
      const d = ref.pixels[i]! - raw[i]!;
      distance += d * d;
    }
    if (nearest.length < K || distance < nearest[K - 1]!.distance) {
      nearest.push({ distance, words: ref.words });
      nearest.sort((a, b) => a.distance - b.distance);
      if (nearest.length > K) nearest.pop();
    }
  }
  const agreeing = nearest.filter((n) => promptWords.some((w) => n.words.has(w))).length;
  return agreeing >= AGREE ? 'shows' : 'unclear';
}
