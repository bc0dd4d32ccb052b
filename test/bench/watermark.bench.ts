// `pnpm bench watermark`: embedding and detection per megapixel on a 1024×1024 photograph, codec time
// apart (decode + encode through @pictor/image), next to one copy of the pixel buffer.
import { fileURLToPath } from 'node:url';
import { decodeImage, encodeImage } from '@pictor/image';
import { detectWatermarkRgba, embedWatermarkRgba } from '@pictor/watermark';
import sharp from 'sharp';
import { type BenchFigure, measure } from './harness.js';

export default async function bench(): Promise<BenchFigure[]> {
  const photo = fileURLToPath(new URL('../fixtures/photos/astronaut.png', import.meta.url));
  const png = new Uint8Array(await sharp(photo).resize(1024, 1024).png().toBuffer());
  const image = await decodeImage(png);
  const key = 'bench key';
  const marked = (await embedWatermarkRgba(image, { key })).image;
  const copy = await measure(() => image.data.slice(), 50);
  const embed = await measure(() => embedWatermarkRgba(image, { key }), 20, 3);
  const detect = await measure(() => detectWatermarkRgba(marked, { key }), 20, 3);
  const decode = await measure(() => decodeImage(png), 10, 2);
  const encode = await measure(() => encodeImage(marked, { mediaType: 'image/png' }), 10, 2);
  const baseline = { name: 'one copy of the RGBA buffer', value: copy.medianMs, unit: 'ms' };
  return [
    {
      name: 'embed, 1 MP (pixels in, pixels out)',
      value: embed.medianMs,
      unit: 'ms',
      baseline,
      goal: '≤ 60 ms per MP',
      met: embed.medianMs <= 60,
    },
    {
      name: 'detect, 1 MP',
      value: detect.medianMs,
      unit: 'ms',
      baseline,
      goal: '≤ 30 ms per MP',
      met: detect.medianMs <= 30,
    },
    { name: 'codec: PNG decode, 1 MP (reported apart)', value: decode.medianMs, unit: 'ms' },
    { name: 'codec: PNG encode, 1 MP (reported apart)', value: encode.medianMs, unit: 'ms' },
  ];
}
