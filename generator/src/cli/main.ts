/**
 * The `protogen` command: `protogen <protocol.xml>...` generates drivers, `protogen mock <protocol.xml>`
 * runs a mock device. Exit codes: 0 success (warnings allowed), 1 input errors, stale output or a mock
 * that cannot listen, 2 usage errors.
 */
import { runGenerate } from './generate-command.js';
import { processIo, UsageError, type Io } from './io.js';
import type { MockRunOptions } from './mock-command.js';

export type { Io } from './io.js';
export type { MockRunOptions } from './mock-command.js';

/** Runs the CLI; resolves with the exit code (`--watch` and `mock` resolve only when stopped). */
export async function main(argv: readonly string[], io: Io = processIo, options: MockRunOptions = {}): Promise<number> {
  const mock = argv[0] === 'mock';
  try {
    // The mock (and with it `ws`) is loaded only for `protogen mock`: generating never pays for it.
    return mock ? await (await import('./mock-command.js')).runMock(argv.slice(1), io, options) : await runGenerate(argv, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const command = mock ? 'protogen mock' : 'protogen';
    io.err(`${command}: ${error.message}`);
    io.err(`Run ${command} --help for usage.`);
    return 2;
  }
}
