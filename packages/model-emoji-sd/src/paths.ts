import { fileURLToPath } from 'node:url';

// Same depth from src/ and dist/: the package root is one folder up.
const root = fileURLToPath(new URL('../', import.meta.url));

/** The package's root folder (holds `model-card.json` and `emoji-sd/`). */
export const packageDir: string = root;

/**
 * The model folder in the diffusers ONNX layout (`model_index.json`, `tokenizer/`, `text_encoder/`,
 * `unet/`, `vae_encoder/`, `vae_decoder/`, `scheduler/`), as `@pictor/onnx` loads it:
 * `onnx(emojiSdFolder)`, or by its packaged id, `onnx('emoji-sd')`.
 */
export const emojiSdFolder: string = `${root}emoji-sd`;

/** `model-card.json`: data, licences, attribution, architecture and measured quality. */
export const modelCardPath: string = `${root}model-card.json`;
