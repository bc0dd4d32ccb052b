/**
 * The part of an ioredis client Pictor uses (ioredis 5 or 6; `new Redis(url)`). Declared here so the
 * package's types do not depend on ioredis being installed.
 */
export interface RedisClient {
  getBuffer(key: string): Promise<Buffer | null>;
  set(key: string, value: Buffer): Promise<unknown>;
  set(key: string, value: Buffer, px: 'PX', milliseconds: number): Promise<unknown>;
  del(...keys: string[]): Promise<number>;
  eval(script: string, numberOfKeys: number, ...args: (string | number)[]): Promise<unknown>;
  publish(channel: string, message: string): Promise<number>;
  duplicate(): RedisClient;
  subscribe(...channels: string[]): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  quit(): Promise<unknown>;
}

/** Makes an ioredis client from a `redis://` URL or ioredis options (ioredis is an optional peer, loaded on first use). */
export async function connectRedis(target: string | Record<string, unknown>): Promise<RedisClient> {
  let module: { Redis?: unknown; default?: unknown };
  try {
    module = (await import('ioredis')) as typeof module;
  } catch (cause) {
    const { ModelLoadError } = await import('@pictor/core');
    throw new ModelLoadError('ioredis is not installed: pnpm add ioredis bullmq', { cause });
  }
  const Redis = (module.Redis ?? module.default) as new (
    target: string | Record<string, unknown>,
  ) => RedisClient;
  const client = new Redis(target);
  // ioredis reconnects by itself; without a listener a dropped connection would print "Unhandled error event".
  client.on('error', () => {});
  return client;
}
