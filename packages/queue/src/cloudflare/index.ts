// @pictor/queue/cloudflare — cache stores on Cloudflare's storage, for Pictor inside Workers.
// Imports nothing Node-only (and nothing of BullMQ or Redis).

export { type KvNamespaceLike, type KvStoreOptions, kvStore } from './kv-store.js';
export { type R2BucketLike, type R2StoreOptions, r2Store } from './r2-store.js';
