/**
 * `protogen mock`: as a real child process (generator/bin/protogen.js, so `npm run build` must have run) driven by
 * a generated driver and stopped with SIGTERM or SIGINT, and in-process (`main`, stopped by an abort signal) for
 * its usage and input errors and the HTTP sample: a child process costs more to start than those tests take.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DualChannelMonitorDriver } from '../../generated/dual-channel-monitor.js';
import { EchoServiceDriver } from '../../generated/echo-service.js';
import { TokenGateFeedDriver } from '../../generated/token-gate-feed.js';
import { main } from '../../generator/src/cli/main.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Running {
  readonly child: ChildProcess;
  readonly out: string[];
  readonly err: string[];
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startCli(args: readonly string[]): Running {
  const child = spawn(process.execPath, ['generator/bin/protogen.js', 'mock', ...args], { cwd: root });
  const out: string[] = [];
  const err: string[] = [];
  collectLines(child.stdout, out);
  collectLines(child.stderr, err);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, out, err, exit };
}

function collectLines(stream: NodeJS.ReadableStream | null, lines: string[]): void {
  let rest = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
  });
}

/** The URL the CLI printed for each connection, once it has printed them all. */
async function listeningUrls(running: Running, count: number): Promise<string[]> {
  return vi.waitFor(
    () => {
      const urls = running.out.flatMap((line) => /listening on (ws:\/\/\S+)$/.exec(line)?.[1] ?? []);
      expect(urls, running.err.join('\n')).toHaveLength(count);
      return urls;
    },
    { timeout: 10_000 },
  );
}

beforeAll(() => {
  if (!existsSync(join(root, 'generator/dist/cli/mock-command.js'))) throw new Error('dist/ is missing: run `npm run build` before these tests');
});

describe('protogen mock as a child process', () => {
  it('serves a driver, logs each frame, and exits 0 on SIGTERM', async () => {
    const running = startCli(['samples/request-response/protocol.xml', '--port', '0']);
    const [url = ''] = await listeningUrls(running, 1);
    expect(running.out[0]).toMatch(/^mock: connection 0 "WebSocket Connection" listening on ws:\/\/127\.0\.0\.1:\d+\/$/);

    const driver = new EchoServiceDriver({ connections: { webSocketConnection: { url } } });
    cleanups.push(() => driver.close());
    await driver.connect();
    await expect(driver.heartbeat()).resolves.toEqual({ lastEcho: 'sample' });
    await expect(driver.getStatus()).resolves.toEqual({ serviceState: 'running', serviceLoad: 42, serviceUptime: 42 });
    await driver.close();

    await vi.waitFor(() => expect(running.out).toContain('[conn 0] client disconnected (1000)'));
    expect(running.out).toContain('[conn 0] <- text 13 B {"op":"ping"} (ping)');
    expect(running.out).toContain('[conn 0] -> text 6 B sample');
    running.child.kill('SIGTERM');
    await expect(running.exit).resolves.toEqual({ code: 0, signal: null });
    expect(running.out.at(-1)).toBe('mock: SIGTERM, stopping');
    expect(running.err).toEqual([]);
  });

  it('serves both connections of the two-WebSocket sample and pushes at --interval', async () => {
    const running = startCli(['samples/two-websockets/protocol.xml', '--port', '0', '--interval', '20']);
    const [control = '', telemetry = ''] = await listeningUrls(running, 2);
    expect(control).not.toBe(telemetry);
    const driver = new DualChannelMonitorDriver({
      connections: { controlWebSocket: { url: control }, telemetryWebSocket: { url: telemetry } },
    });
    cleanups.push(() => driver.close());
    const messages: string[] = [];
    driver.params.on('telemetryMessage', (value) => messages.push(value));
    await driver.connect();
    await expect(driver.getConfig()).resolves.toEqual({ operatingMode: 'auto', activeChannels: 42 });
    await driver.startTelemetry({ telemetryInterval: 20 });
    await vi.waitFor(() => expect(messages.length).toBeGreaterThanOrEqual(3));
    expect(messages.slice(0, 3)).toEqual(['sample 1', 'sample 2', 'sample 3']);
    expect(running.out).toContain('[conn 1] <- text 30 B {"cmd":"stream","interval":20} (startTelemetry)');

    // SIGINT with a client still connected: the mock closes it and exits cleanly.
    running.child.kill('SIGINT');
    await expect(running.exit).resolves.toEqual({ code: 0, signal: null });
  });
});

describe('protogen mock in-process', () => {
  function capture(): { io: { out(line: string): void; err(line: string): void }; out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (line) => out.push(line), err: (line) => err.push(line) }, out, err };
  }

  it.each([
    [[], /missing <protocol\.xml>/],
    [['a.xml', 'b.xml'], /one protocol at a time/],
    [['samples/push/protocol.xml', '--port', '70000'], /--port takes a whole number from 0 to 65535, got '70000'/],
    [['samples/push/protocol.xml', '--port', '-1'], /--port/],
    [['samples/push/protocol.xml', '--interval', '0'], /--interval takes a whole number from 1/],
    [['samples/push/protocol.xml', '--colour'], /^protogen mock: unknown option --colour\n/],
    [['samples/missing.xml'], /cannot read samples\/missing\.xml/],
  ])('usage error %j exits 2', async (argv, message) => {
    const { io, out, err } = capture();
    await expect(main(['mock', ...argv], io)).resolves.toBe(2);
    expect(err.join('\n')).toMatch(message);
    expect(out).toEqual([]);
  });

  it('prints its usage for --help and exits 0', async () => {
    const { io, out } = capture();
    await expect(main(['mock', '--help'], io)).resolves.toBe(0);
    expect(out.join('\n')).toMatch(/^Usage: protogen mock <protocol\.xml> \[--port <n>\] \[--interval <ms>\]/);
  });

  it('exits 1 with the reason when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as { port: number }).port;
    const { io, err } = capture();
    await expect(main(['mock', 'samples/push/protocol.xml', '--port', String(port)], io)).resolves.toBe(1);
    expect(err.join('\n')).toMatch(/EADDRINUSE/);
  });

  it('runs until its abort signal, printing one line per connection', async () => {
    const { io, out } = capture();
    const stop = new AbortController();
    const done = main(['mock', 'samples/push/protocol.xml', '--port', '0'], io, { signal: stop.signal });
    await vi.waitFor(() => expect(out).toHaveLength(1));
    expect(out[0]).toMatch(/^mock: connection 0 "Event WebSocket" listening on ws:\/\/127\.0\.0\.1:\d+\/$/);
    stop.abort();
    await expect(done).resolves.toBe(0);
    expect(out.at(-1)).toBe('mock: aborted, stopping');
  });

  it('exits 1 and prints positioned diagnostics for a protocol with errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'protogen-mock-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'broken.xml');
    writeFileSync(file, '<Protocol xmlns="http://www.skyline.be/protocol"><Name>Broken</Name>');
    const { io, out, err } = capture();
    await expect(main(['mock', file], io)).resolves.toBe(1);
    expect(err.join('\n')).toMatch(/broken\.xml:\d+:\d+: error PG\d{4}: /);
    expect(out).toEqual([]);
  });

  it('serves an HTTP connection beside a WebSocket one, answering each session and logging its requests', async () => {
    const { io, out } = capture();
    const stop = new AbortController();
    const done = main(['mock', 'samples/login-feed/protocol.xml', '--port', '0'], io, { signal: stop.signal });
    cleanups.push(async () => {
      stop.abort();
      await done;
    });
    const listening = (connection: string, scheme: string): string | undefined =>
      out.flatMap((line) => new RegExp(`connection ${connection} listening on (${scheme}://\\S+)$`).exec(line)?.[1] ?? [])[0];
    const [socket, http] = await vi.waitFor(() => {
      const urls = [listening('0 "Event Socket"', 'ws'), listening('1 "Auth API"', 'http')];
      expect(urls.every((url) => url !== undefined), out.join('\n')).toBe(true);
      return urls as [string, string];
    });
    const driver = new TokenGateFeedDriver({ connections: { eventSocket: { url: socket }, authAPI: { url: http } } });
    cleanups.push(() => driver.close());
    await driver.connect();
    await expect(driver.login({ userName: 'ops', password: 'x' })).resolves.toEqual({ loginStatus: 'HTTP/1.1 200 OK', sessionToken: 'sample' });
    expect(out).toContain('[conn 1] POST /auth/login → login');
    await driver.close();
    stop.abort();
    await expect(done).resolves.toBe(0);
  });
});
