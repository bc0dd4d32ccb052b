import type { GenerateRequest } from './generate-request.js';
import type { ImageInput } from './image-input.js';

/**
 * How an edit uses its input image:
 * - `img2img`: redraw the whole image guided by the prompt; `strength` says how far from the input.
 * - `inpaint`: redraw only where `mask` is white (non-zero); the mask must have the image's size.
 * - `reference`: generate a new image using `image` (and `references`) as visual references.
 * - `upscale`: enlarge the image; `providerOptions` may pick the factor.
 */
export type EditMode = 'img2img' | 'inpaint' | 'reference' | 'upscale';

/** An image-to-image request. */
export interface EditRequest extends GenerateRequest {
  /** Which kind of edit. The model must declare this mode in `capabilities.editModes`. */
  mode: EditMode;
  /** The image to edit. */
  image: ImageInput;
  /** For `inpaint`: white where the image should be redrawn. Same width and height as `image`. */
  mask?: ImageInput;
  /** For `reference`: further reference images, up to `capabilities.maxReferences` in all. */
  references?: ImageInput[];
  /** For `img2img`/`inpaint`: 0 keeps the input, 1 ignores it. Default is the model's. */
  strength?: number;
}
