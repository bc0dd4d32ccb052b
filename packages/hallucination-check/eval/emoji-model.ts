// Runs @pictor/model-emoji's generator with onnxruntime-node (the eval needs its outputs, not an adapter).
import { encodePng, seededNormal } from '@pictor/core';
import { encodePrompt, imagesFromOutput, vocabulary } from '@pictor/model-emoji';
import { generatorOnnxPath } from '@pictor/model-emoji/node';
import * as ort from 'onnxruntime-node';

let session: Promise<ort.InferenceSession> | undefined;

/** Generates one 32×32 PNG per (prompt, seed) with the emoji model, in batches. */
export async function generateEmoji(
  items: readonly { prompt: string; seed: number }[],
): Promise<Uint8Array[]> {
  session ??= ort.InferenceSession.create(generatorOnnxPath, { intraOpNumThreads: 1 });
  const generator = await session;
  const size = vocabulary.words.length;
  const out: Uint8Array[] = [];
  for (let start = 0; start < items.length; start += 64) {
    const batch = items.slice(start, start + 64);
    const words = new Float32Array(batch.length * size);
    const z = new Float32Array(batch.length * 64);
    batch.forEach((item, i) => {
      words.set(encodePrompt(item.prompt).words, i * size);
      z.set(seededNormal(item.seed, 64), i * 64);
    });
    const result = await generator.run({
      words: new ort.Tensor('float32', words, [batch.length, size]),
      z: new ort.Tensor('float32', z, [batch.length, 64]),
    });
    const image = result[generator.outputNames[0]!]!;
    for (const rgb of imagesFromOutput(image.data as Float32Array, { count: batch.length, size: 32 }))
      out.push(await encodePng({ width: 32, height: 32, data: rgb }, 3));
  }
  return out;
}
