import { ddimScheduler } from './ddim.js';
import { eulerScheduler } from './euler.js';
import { lcmScheduler } from './lcm.js';
import type { Scheduler, SchedulerName } from './scheduler.js';
import type { SchedulerConfig } from './scheduler-config.js';

export { ddimScheduler } from './ddim.js';
export { eulerScheduler } from './euler.js';
export { guidanceEmbedding, lcmScheduler, lcmTimesteps } from './lcm.js';
export { predictOriginal, SCHEDULERS, type Scheduler, type SchedulerName } from './scheduler.js';
export {
  alphasCumprod,
  betas,
  type SchedulerConfig,
  schedulerConfigSchema,
  spacedTimesteps,
} from './scheduler-config.js';

/**
 * The scheduler a folder's `scheduler_config.json` names: `EulerDiscreteScheduler` → euler,
 * `EulerAncestralDiscreteScheduler` → euler-ancestral, `DDIMScheduler` → ddim, `LCMScheduler` → lcm.
 * Any other class (PNDM, LMS, DPM-Solver…, which the adapter does not implement) → euler with the
 * config's beta schedule and prediction type.
 */
export function defaultSchedulerFor(config: SchedulerConfig): SchedulerName {
  switch (config._class_name) {
    case 'EulerAncestralDiscreteScheduler':
      return 'euler-ancestral';
    case 'DDIMScheduler':
      return 'ddim';
    case 'LCMScheduler':
      return 'lcm';
    default:
      return 'euler';
  }
}

/** Options for making a scheduler. */
export interface MakeSchedulerOptions {
  /** img2img strength (LCM shortens its schedule by it; the others are cut by the pipeline). */
  strength?: number;
  /** DDIM's η. */
  eta?: number;
}

/** Makes a scheduler for `steps` denoising steps. */
export function makeScheduler(
  name: SchedulerName,
  config: SchedulerConfig,
  steps: number,
  options: MakeSchedulerOptions = {},
): Scheduler {
  switch (name) {
    case 'euler':
      return eulerScheduler(config, steps, false);
    case 'euler-ancestral':
      return eulerScheduler(config, steps, true);
    case 'ddim':
      return ddimScheduler(config, steps, options.eta ?? 0);
    case 'lcm':
      return lcmScheduler(config, steps, options.strength ?? 1);
  }
}
