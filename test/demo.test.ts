// The README's main job, run as a process: generate drivers from the samples, compile them with the
// demo program under strict TypeScript, and run it against the mock device. (`npm run demo` is
// `npm run build && npm run demo:run`; the test command has already built.)
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../', import.meta.url);

describe('npm run demo', () => {
  it('shows a request/response pair, a push subscription and two connections with typed values, and exits 0', async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'demo:run'], { cwd: root, timeout: 60_000 });
    expect(stdout).toContain("heartbeat() → { lastEcho: 'pong' }");
    expect(stdout).toContain('getStatus() → running, load 42.0 %, up 42 s');
    expect(stdout).toContain("setLabel({ labelRequest: 'Studio 1' }) → { deviceLabel: 'Studio 1' }");
    expect(stdout).toMatch(/param lastEvent = 'sample 1'\n {2}param lastEvent = 'sample 2'\n {2}param lastEvent = 'sample 3'/);
    expect(stdout).toContain('status params: control 1, telemetry 1');
    expect(stdout).toContain("getConfig() on controlWebSocket → { operatingMode: 'auto', activeChannels: 2 }");
    expect(stdout).toContain("param telemetryMessage = 'sample 1' (on telemetryWebSocket)");
    expect(stdout.trimEnd().endsWith('done: every driver and mock closed')).toBe(true);
  }, 90_000);
});
