import { AbortError, PictorError } from '@pictor/core';
import { bindingGateway } from './gateway.js';
import { mapWorkersAIError, parseBindingError } from './map-error.js';
import { checkModelId } from './model-path.js';
import type { AiBinding, AiRunner, MultipartInputs, RunOptions } from './runner.js';

/**
 * The binding implementation of the run seam: calls `env.AI.run` and turns its plain `Error`s
 * (`"3040: Capacity temporarily exceeded"`) into Pictor errors.
 */
export function createBindingRunner(
  binding: AiBinding,
  defaults: { gateway?: RunOptions['gateway'] } = {},
): AiRunner {
  return {
    transport: 'binding',
    defaultGateway: defaults.gateway,
    async run(model, inputs, options: RunOptions = {}) {
      checkModelId(model);
      const gateway = options.gateway ?? defaults.gateway;
      const aiOptions: Record<string, unknown> = {};
      if (gateway) aiOptions.gateway = bindingGateway(gateway);
      if (options.signal) aiOptions.signal = options.signal;
      if (options.tags) aiOptions.tags = options.tags;
      if (options.headers) aiOptions.extraHeaders = options.headers;
      if (options.rejectIfBusy) aiOptions.rejectIfBusy = true;
      if (options.queueRequest) aiOptions.queueRequest = true;
      const multipart = typeof (inputs as MultipartInputs).multipart === 'object';
      try {
        return await binding.run(model, inputs, aiOptions);
      } catch (error) {
        if (options.signal?.aborted)
          throw new AbortError(undefined, { provider: 'workers-ai', cause: error });
        if (PictorError.isInstance(error)) throw error;
        const text = error instanceof Error ? error.message : String(error);
        const parsed = parseBindingError(text);
        throw mapWorkersAIError({
          ...(parsed.code === undefined ? {} : { code: parsed.code }),
          message: parsed.message,
          model,
          multipartThroughGateway: multipart && gateway !== undefined,
          cause: error,
        });
      }
    },
  };
}
