import { describe, expect, it } from 'vitest';
import { autoOrder, explainFailure, providerOrder, shortReason } from '../src/runtime/execution-providers.js';

describe('execution provider order', () => {
  it('auto picks the GPU providers onnxruntime-node ships for the platform, then CPU', () => {
    expect(autoOrder('linux', 'x64')).toEqual(['cuda', 'cpu']);
    expect(autoOrder('linux', 'arm64')).toEqual(['cpu']);
    expect(autoOrder('win32', 'x64')).toEqual(['cuda', 'dml', 'cpu']);
    expect(autoOrder('darwin', 'arm64')).toEqual(['coreml', 'cpu']);
  });

  it('one named provider falls back to CPU unless strict; a list is taken as stated', () => {
    expect(providerOrder('cuda', false, 'linux', 'x64')).toEqual(['cuda', 'cpu']);
    expect(providerOrder('cuda', true, 'linux', 'x64')).toEqual(['cuda']);
    expect(providerOrder('cpu', false)).toEqual(['cpu']);
    expect(providerOrder(['tensorrt', 'cuda'], false)).toEqual(['tensorrt', 'cuda']);
    expect(providerOrder(['tensorrt', 'auto'], false, 'linux', 'x64')).toEqual(['tensorrt', 'cuda', 'cpu']);
    expect(providerOrder(['cpu', 'cpu'], false)).toEqual(['cpu']);
  });

  it('shortens runtime messages and explains a missing CUDA library', () => {
    const raw =
      '\u001b[1;31mOrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library\u001b[m\nmore';
    const reason = shortReason(new Error(raw));
    expect(reason).toBe('OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library');
    expect(explainFailure('cuda', reason)).toMatch(/CUDA provider libraries are not installed/);
    expect(explainFailure('webgpu', 'no adapter')).toBe('no adapter');
    expect(shortReason('x'.repeat(400))).toHaveLength(300);
  });
});
