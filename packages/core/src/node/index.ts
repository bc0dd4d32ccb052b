// Node-only helpers: the filesystem cache store and config loading from files and the environment.
export { fileStore } from './file-store.js';
export { type LoadConfigOptions, type LoadedConfig, loadConfig } from './load-config.js';
