// @pictor/model-emoji-sd — a small latent diffusion model trained by Pictor on Noto and Twemoji art,
// shipped as a diffusers-layout ONNX folder (Node only: it names files on disk).

export { emojiSdFolder, modelCardPath, packageDir } from './paths.js';
