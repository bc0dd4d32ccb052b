// @pictor/core/internal — helpers Pictor's own packages share. Not part of the public API: names
// here may change in any release. Users import from `@pictor/core`.

export { raceAbort, sleep } from '../client/abortable.js';
export { normalizeImageInput } from '../client/normalize-input.js';
export { splitN } from '../client/split-n.js';
export { formatPath } from '../client/zod-error.js';
