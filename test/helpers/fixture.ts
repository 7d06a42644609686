// Shared by the sample fixtures' behaviour tests (samples/<fixture>/behaviour.test.ts): a mock device of a
// protocol's spec and drivers, each closed after the test.
import { afterEach } from 'vitest';
import { createMockDevice, type MockDevice, type MockDeviceOptions } from '@protogen-dm/mock';
import type { ProtocolSpec } from '@protogen-dm/runtime';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A mock device of `spec` on a free port, closed after the test; `log` collects its frame log. */
export async function mockOf(spec: ProtocolSpec, options: MockDeviceOptions = {}): Promise<{ mock: MockDevice; log: string[] }> {
  const log: string[] = [];
  const mock = await createMockDevice(spec, { port: 0, log: (line) => log.push(line), ...options });
  cleanups.push(() => mock.close());
  return { mock, log };
}

/** `driver`, closed after the test. */
export function owned<T extends { close(): Promise<void> }>(driver: T): T {
  cleanups.push(() => driver.close());
  return driver;
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
