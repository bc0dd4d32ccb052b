// Real images for the licence-tagging cross-checks: emoji PNGs from the npm package
// emoji-datasource-google (Noto Emoji, Apache-2.0), and JPEG/WebP files made by libjpeg/libwebp
// (sharp) and jpeg-js.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import jpeg from 'jpeg-js';
import sharp from 'sharp';

const requireFromPackage = createRequire(
  new URL('../../packages/licence-tagging/package.json', import.meta.url),
);

/** The directory of 64×64 Noto emoji PNGs. */
export function emojiDir(): string {
  return join(
    dirname(requireFromPackage.resolve('emoji-datasource-google/package.json')),
    'img',
    'google',
    '64',
  );
}

/** Some real emoji PNGs. */
export function emojiPngs(
  names = ['1f600', '1f34e', '1f431', '2764-fe0f'],
): { name: string; bytes: Uint8Array }[] {
  return names.map((name) => ({
    name: `emoji-${name}.png`,
    bytes: new Uint8Array(readFileSync(join(emojiDir(), `${name}.png`))),
  }));
}

/** The RGBA pixels of an emoji, to build other formats from real content. */
export async function emojiRgba(name = '1f600'): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(join(emojiDir(), `${name}.png`))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** JPEG and WebP variants of a real emoji. */
export async function otherFormats(): Promise<{ name: string; bytes: Uint8Array }[]> {
  const { data, width, height } = await emojiRgba();
  const raw = () => sharp(data, { raw: { width, height, channels: 4 } });
  const flat = () => raw().flatten({ background: '#ffffff' });
  return [
    {
      name: 'sharp-exif-icc.jpg',
      bytes: new Uint8Array(
        await flat()
          .jpeg({ quality: 90 })
          .withExif({ IFD0: { Copyright: 'x' } })
          .withIccProfile('srgb')
          .toBuffer(),
      ),
    },
    { name: 'jpeg-js-jfif.jpg', bytes: new Uint8Array(jpeg.encode({ data, width, height }, 85).data) },
    { name: 'lossy.webp', bytes: new Uint8Array(await flat().webp({ quality: 80 }).toBuffer()) },
    { name: 'lossless.webp', bytes: new Uint8Array(await raw().webp({ lossless: true }).toBuffer()) },
    { name: 'alpha.webp', bytes: new Uint8Array(await raw().webp({ quality: 80 }).toBuffer()) },
  ];
}
