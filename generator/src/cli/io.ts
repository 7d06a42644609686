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

/** `parseArgs` in strict mode, with positionals; its errors become usage errors in our words. */
export function parseCommandLine<O extends Options>(argv: readonly string[], options: O): Parsed<O> {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError(usageMessage(error as Error & { code?: string }));
  }
}

/**
 * One short line for a `parseArgs` error: its own text runs over several lines and quotes unevenly
 * (`as in '-- "--bogus"`).
 */
function usageMessage(error: Error & { code?: string }): string {
  const option = /'(-[^'\s]*)/.exec(error.message)?.[1];
  if (option === undefined) return error.message.split('\n')[0] ?? error.message;
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
  if (error.message.includes('does not take an argument')) return `${option} takes no value`;
  if (error.message.includes('ambiguous')) return `${option} needs a value (write ${option}=<value> for one that starts with "-")`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `${option} needs a value`;
  return error.message.split('\n')[0] ?? error.message;
}
