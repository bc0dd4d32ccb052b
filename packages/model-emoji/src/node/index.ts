// @pictor/model-emoji/node — where the weight files are on disk, and readers for the card and vocabulary.

export { loadModelCard, loadVocabulary } from './load.js';
export {
  clipImageOnnxPath,
  clipImageTfjsPath,
  clipTextOnnxPath,
  clipTextTfjsPath,
  generatorOnnxPath,
  generatorTfjsPath,
  modelCardPath,
  namerImageOnnxPath,
  namerTextOnnxPath,
  packageDir,
  vocabularyPath,
  weightsDir,
} from './paths.js';
