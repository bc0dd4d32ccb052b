/**
 * A push-based async iterable: `push` values, then `end()` or `fail(error)`. `onReturn` runs when the
 * consumer leaves early (`break`, `return`, a throw in the loop) before the queue ended.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  constructor(private readonly onReturn?: () => void) {}

  private readonly items: T[] = [];
  private readonly waiters: ((result: IteratorResult<T>) => void)[] = [];
  private readonly failers: ((error: unknown) => void)[] = [];
  private done = false;
  private error: { value: unknown } | undefined;

  push(item: T): void {
    if (this.done) return;
    const waiter = this.waiters.shift();
    this.failers.shift();
    if (waiter) waiter({ value: item, done: false });
    else this.items.push(item);
  }

  end(): void {
    this.done = true;
    for (const waiter of this.waiters.splice(0)) waiter({ value: undefined, done: true });
    this.failers.length = 0;
  }

  fail(error: unknown): void {
    this.error = { value: error };
    this.done = true;
    for (const fail of this.failers.splice(0)) fail(error);
    this.waiters.length = 0;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        const item = this.items.shift();
        if (item !== undefined) return Promise.resolve({ value: item, done: false });
        if (this.error && this.items.length === 0) {
          const { value } = this.error;
          this.error = undefined;
          return Promise.reject(value);
        }
        if (this.done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiters.push(resolve);
          this.failers.push(reject);
        });
      },
      return: () => {
        if (!this.done) this.onReturn?.();
        this.done = true;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
