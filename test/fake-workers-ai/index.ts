// A fake Cloudflare Workers AI server for tests: real HTTP on 127.0.0.1, each model's documented contract.

export { FAKE_AI_BINDING_MODULE } from './binding-module.js';
export { CONTRACTS, type ModelContract } from './contracts.js';
export { COLOURS, colourOf, meanColour, nearestColour, noiseJpeg, noisePng, solidImage } from './images.js';
export {
  type BehaviourScope,
  type FakeBehaviour,
  type FakeJudge,
  type FakeWorkersAI,
  type FakeWorkersAIOptions,
  type RecordedRequest,
  startFakeWorkersAI,
} from './server.js';
