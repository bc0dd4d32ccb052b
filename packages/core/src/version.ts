// Replaced at build time by tsup's `define` with the version in package.json; running from source
// (the workspace's tests) it is absent.
declare const __PICTOR_VERSION__: string | undefined;

/** The package version, from its package.json (`0.0.0-source` when run from source). */
export const VERSION: string = typeof __PICTOR_VERSION__ === 'string' ? __PICTOR_VERSION__ : '0.0.0-source';
