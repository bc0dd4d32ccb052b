import { describe, expect, it } from 'vitest';
import { CHECK_VISION_MODEL, checkJudgesFor } from '../src/provider/check-judges.js';
import { withFlagMiddleware } from '../src/provider/open-client.js';

describe('--check picks the judges calibrated for the provider', () => {
  it('emoji model: its own encoder; Workers AI: objects and the hosted vision model; others: objects', () => {
    expect(checkJudgesFor('tfjs:emoji', true)).toEqual(['degenerate', 'alignment']);
    expect(checkJudgesFor('onnx:emoji?ep=cpu', true)).toEqual(['degenerate', 'alignment']);
    expect(checkJudgesFor('workers-ai:@cf/black-forest-labs/flux-1-schnell', true)).toEqual([
      'degenerate',
      'objects',
      { vlm: { provider: CHECK_VISION_MODEL } },
    ]);
    expect(checkJudgesFor({ id: 'workers-ai', model: '@cf/x' }, false)).toEqual([
      'degenerate',
      { vlm: { provider: CHECK_VISION_MODEL } },
    ]);
    expect(checkJudgesFor('onnx:./models/sd-turbo', true)).toEqual(['degenerate', 'objects']);
    expect(checkJudgesFor('onnx:./models/sd-turbo', false)).toEqual(['degenerate']);
  });

  it('adds the check innermost only when the config does not already list it', () => {
    const added = withFlagMiddleware([], { check: true }, 'tfjs:emoji');
    expect(added).toEqual([{ use: 'hallucination-check', judges: ['degenerate', 'alignment'] }]);
    const own = [{ use: 'hallucination-check', judges: ['objects'] }];
    expect(withFlagMiddleware(own, { check: true }, 'tfjs:emoji')).toEqual(own);
  });
});
