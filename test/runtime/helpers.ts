/** Shared test plumbing: event recording and driver/server lifecycles that always clean up. */
import type { ConnectionState, Driver } from '@protogen-dm/runtime';

/** Everything a driver emitted, in order. */
export interface Recorded<C extends string> {
  readonly states: [C, ConnectionState][];
  readonly errors: Error[];
  readonly unmatched: [C, string][];
}

/** Subscribes to every driver event and records it. */
export function record<C extends string>(driver: Pick<Driver<object, C>, 'on'>): Recorded<C> {
  const recorded: Recorded<C> = { states: [], errors: [], unmatched: [] };
  driver.on('state', (connection, state) => recorded.states.push([connection, state]));
  driver.on('error', (error) => recorded.errors.push(error));
  driver.on('unmatched', (connection, bytes) => recorded.unmatched.push([connection, Buffer.from(bytes).toString('utf8')]));
  return recorded;
}

/** Settles `promise` into a value or an error, so a test can assert on a rejection without racing it. */
export async function outcome<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

/** Rejection of `promise`, failing the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  const result = await outcome(promise);
  if ('value' in result) throw new Error(`expected a rejection, got ${JSON.stringify(result.value)}`);
  return result.error;
}

/** Resolves after `ms`; used only to let the peer act, never to assert on time. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A driver or a test server. */
export interface Closable {
  close(): Promise<void>;
}

/** Closes drivers and servers created by a test. */
export class Cleanup {
  readonly #items: Closable[] = [];

  add<T extends Closable>(item: T): T {
    this.#items.push(item);
    return item;
  }

  async run(): Promise<void> {
    const items = this.#items.splice(0).reverse();
    for (const item of items) await item.close();
  }
}

/** Resolves once `check()` is true, polling every few ms (client-side state has no event to wait on). */
export async function until(check: () => boolean, limitMs = 5000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${limitMs} ms: ${check.toString()}`);
    await delay(2);
  }
}
