/**
 * `protogen mock <protocol.xml> [--port <n>] [--interval <ms>] [--udp] [--dial <N>=<url>]`: compiles the XML in memory and runs
 * its mock device until SIGINT or SIGTERM. Exit codes as for the generator: 0 stopped cleanly, 1 the
 * XML has errors or a port cannot be listened on, 2 usage error.
 */
import { readFileSync } from 'node:fs';
import { createMockDevice, type MockDevice } from '@protogen-dm/mock';
import type { ProtocolSpec } from '@protogen-dm/runtime';
import { formatDiagnostic } from '../diagnostics.js';
import { compileSpec } from '../generate.js';
import { parseCommandLine, UsageError, type Io } from './io.js';

const usage = `Usage: protogen mock <protocol.xml> [--port <n>] [--interval <ms>] [--udp] [--dial <N>=<url>]

  --port <n>       port of connection 0; connection N listens on n + N (0: any free port).
                   Default: each connection's IPport from the XML, else 8050 + N; an SNMP
                   connection gets a free port (its 161 is privileged).
  --interval <ms>  how often a push pair's stream (and a smart-serial device) sends (default 1000)
  --udp            serve serial and smart-serial connections over UDP instead of TCP
  --dial <N>=<url> connection N (serial or smart-serial) dials a driver that listens (server mode)
                   at tcp://host:port (udp://host:port with --udp), once started; repeatable

Runs until Ctrl+C (SIGINT) or SIGTERM.`;

/** Optional hooks for running the CLI in-process (tests). */
export interface MockRunOptions {
  /** Stops the device when aborted, instead of waiting for SIGINT/SIGTERM. */
  readonly signal?: AbortSignal;
}

interface MockArgs {
  readonly file: string;
  readonly port: number | undefined;
  readonly intervalMs: number | undefined;
  readonly udp: boolean;
  /** Connection id → the tcp:// (or, with --udp, udp://) URL of a listening driver it dials. */
  readonly dial: readonly (readonly [number, string])[];
}

/** Runs `protogen mock`; resolves with the exit code once the device has stopped. */
export async function runMock(argv: readonly string[], io: Io, options: MockRunOptions = {}): Promise<number> {
  const args = parseMockArgs(argv);
  if (args === 'help') {
    io.out(usage);
    return 0;
  }
  const spec = loadSpec(args.file, io);
  if (typeof spec === 'number') return spec;
  return serve(spec, args, io, options.signal);
}

function parseMockArgs(argv: readonly string[]): MockArgs | 'help' {
  const parsed = parseCommandLine(argv, {
    port: { type: 'string' },
    interval: { type: 'string' },
    udp: { type: 'boolean' },
    dial: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (parsed.values.help === true) return 'help';
  const [file, ...extra] = parsed.positionals;
  if (file === undefined) throw new UsageError('missing <protocol.xml>');
  if (extra.length > 0) throw new UsageError(`one protocol at a time (got ${parsed.positionals.length} files)`);
  return {
    file,
    port: parsed.values.port === undefined ? undefined : wholeNumber('--port', parsed.values.port, 0, 65535),
    intervalMs: parsed.values.interval === undefined ? undefined : wholeNumber('--interval', parsed.values.interval, 1, 86_400_000),
    udp: parsed.values.udp === true,
    dial: (parsed.values.dial ?? []).map(dialTarget),
  };
}

/** `1=tcp://127.0.0.1:5100` → [1, 'tcp://127.0.0.1:5100'] (`udp://` with `--udp`). */
function dialTarget(text: string): readonly [number, string] {
  const match = /^(\d+)=((?:tcp|udp):\/\/.+)$/.exec(text);
  if (match === null) throw new UsageError(`--dial takes <connection id>=tcp://host:port (or udp://host:port), got '${text}'`);
  return [Number(match[1]), match[2] as string];
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, got '${text}'`);
  return value;
}

/** The protocol's spec, or the exit code when the file is unreadable (2) or has errors (1). */
function loadSpec(file: string, io: Io): ProtocolSpec | number {
  let contents: Uint8Array;
  try {
    contents = readFileSync(file);
  } catch (error) {
    io.err(`protogen mock: cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  const { spec, diagnostics } = compileSpec({ file, contents });
  // Info diagnostics describe what the driver does not run; they say nothing about the mock.
  for (const diagnostic of diagnostics) if (diagnostic.severity !== 'info') io.err(formatDiagnostic(diagnostic));
  if (spec === undefined) return 1;
  if (spec.connections.length === 0) {
    io.err(`protogen mock: ${file} has no WebSocket, HTTP, serial, smart-serial or SNMP connection to serve`);
    return 1;
  }
  return spec;
}

async function serve(spec: ProtocolSpec, args: MockArgs, io: Io, signal: AbortSignal | undefined): Promise<number> {
  let device: MockDevice;
  try {
    device = await createMockDevice(spec, {
      ...(args.port === undefined ? {} : { port: args.port }),
      ...(args.intervalMs === undefined ? {} : { pushIntervalMs: args.intervalMs }),
      udp: args.udp,
      log: (line) => io.out(line),
    });
  } catch (error) {
    io.err(`protogen mock: ${(error as Error).message}`);
    return 1;
  }
  for (const connection of spec.connections) {
    io.out(`mock: connection ${connection.id} "${connection.name}" listening on ${device.url(connection.id)}`);
  }
  if (spec.connections.some((connection) => connection.kind === 'snmp')) io.out(snmpAccess(device));
  for (const [connection, url] of args.dial) {
    try {
      await device.dial(connection, url);
      io.out(`mock: connection ${connection} dialed ${url}`);
    } catch (error) {
      io.err(`protogen mock: connection ${connection} cannot dial ${url}: ${(error as Error).message}`);
      await device.close();
      return 1;
    }
  }
  const reason = await stopRequested(signal);
  io.out(`mock: ${reason}, stopping`);
  await device.close();
  return 0;
}

/** What a manager needs to reach the SNMP agents: `mock: SNMP communities 'public' (get), 'private' (set); v3 user …`. */
function snmpAccess(device: MockDevice): string {
  const { getCommunity, setCommunity, user } = device.snmp;
  const auth = user.authKey === undefined ? 'noAuthNoPriv' : `auth ${user.authProtocol ?? 'sha'} '${user.authKey}'`;
  const priv = user.privKey === undefined ? '' : `, priv ${user.privProtocol ?? 'aes'} '${user.privKey}'`;
  return `mock: SNMP communities '${getCommunity}' (get), '${setCommunity}' (set); v3 user '${user.name}' (${auth}${priv})`;
}

/**
 * Resolves with what stopped the mock: the abort signal when one is given (in-process runs leave the
 * host's signal handling alone), else SIGINT or SIGTERM.
 */
function stopRequested(signal: AbortSignal | undefined): Promise<string> {
  if (signal !== undefined) {
    return new Promise((resolve) => {
      if (signal.aborted) resolve('aborted');
      else signal.addEventListener('abort', () => resolve('aborted'), { once: true });
    });
  }
  return new Promise((resolve) => {
    const stop = (reason: string): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(reason);
    };
    const onInt = (): void => stop('SIGINT');
    const onTerm = (): void => stop('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });
}
