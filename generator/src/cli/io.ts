/**
 * What every command of the CLI shares: where it prints, and the one error that means "usage" (exit 2).
 * Commands take an `Io` so tests run them in-process and read what they printed.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command prints: one line per call, without the newline. */
export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** A mistake in the command line; `main` prints it with a pointer to `--help` and exits 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: O }>>;

/** `parseArgs` in strict mode, with positionals; its errors become usage errors. */
export function parseCommandLine<O extends Options>(argv: readonly string[], options: O): Parsed<O> {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
