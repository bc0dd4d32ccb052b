// A Worker that uses @pictor/model-emoji's main entry: prompt in, normalised words, the encoded
// input row's non-zero entries and the model card's name out.
import {
  encodePrompt,
  imagesFromOutput,
  modelCard,
  normalizePrompt,
  suggestWords,
  vocabulary,
} from '@pictor/model-emoji';

export default {
  async fetch(request: Request): Promise<Response> {
    const prompt = new URL(request.url).searchParams.get('prompt') ?? '';
    const encoded = encodePrompt(prompt);
    const entries: [number, number][] = [];
    for (const [i, value] of encoded.words.entries()) if (value) entries.push([i, value]);
    const [pixel] = imagesFromOutput(Float32Array.of(-1, 0, 1), { count: 1, size: 1 });
    return Response.json({
      normalized: normalizePrompt(prompt),
      entries,
      suggestions: encoded.known.length ? [] : suggestWords(encoded.unknown),
      card: { name: modelCard.name, size: modelCard.image_size, vocabulary: vocabulary.size },
      pixel: Array.from(pixel!),
    });
  },
};
