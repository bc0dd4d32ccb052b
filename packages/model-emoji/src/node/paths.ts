import { fileURLToPath } from 'node:url';

// Same depth from src/node/ and dist/node/: the package root is two folders up.
const root = fileURLToPath(new URL('../../', import.meta.url));

/** The package's root folder (holds `model-card.json` and `weights/`). */
export const packageDir: string = root;
/** The folder of the weight files. */
export const weightsDir: string = `${root}weights`;
/** `model-card.json`. */
export const modelCardPath: string = `${root}model-card.json`;
/** `weights/vocab.json`. */
export const vocabularyPath: string = `${weightsDir}/vocab.json`;
/** The generator in ONNX format (inputs `words` [N,V], `z` [N,64]; output `image` [N,3,32,32] in [-1,1]). */
export const generatorOnnxPath: string = `${weightsDir}/generator.onnx`;
/** The generator as a TensorFlow.js graph model folder (`model.json` + shards). */
export const generatorTfjsPath: string = `${weightsDir}/tfjs/generator`;
/** The dual encoder's image tower in ONNX format (`image` [N,3,32,32] in [-1,1] → embedding [N,128]). */
export const clipImageOnnxPath: string = `${weightsDir}/clip-image.onnx`;
/** The dual encoder's text tower in ONNX format (`words` [N,V] → embedding [N,128]). */
export const clipTextOnnxPath: string = `${weightsDir}/clip-text.onnx`;
/** The image tower as a TensorFlow.js graph model folder. */
export const clipImageTfjsPath: string = `${weightsDir}/tfjs/clip-image`;
/** The text tower as a TensorFlow.js graph model folder. */
export const clipTextTfjsPath: string = `${weightsDir}/tfjs/clip-text`;
/**
 * The crop namer's image tower (ONNX): the dual encoder fine-tuned on object crops in composed scenes
 * and a third art style (Fluent Emoji); same inputs, outputs and vocabulary as `clip-image.onnx`.
 */
export const namerImageOnnxPath: string = `${weightsDir}/namer-image.onnx`;
/** The crop namer's text tower (ONNX; `words` [N,V] → embedding [N,128]). */
export const namerTextOnnxPath: string = `${weightsDir}/namer-text.onnx`;
