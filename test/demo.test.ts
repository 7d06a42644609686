// The README's main job, run as a process (scripts/demo.js, what `npm run demo` runs after building): generate
// drivers from the sample fixtures, compile them with the demo program under strict TypeScript, and run it
// against the mock device. It runs in a scratch folder, so the committed generated/ is never rewritten.
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../', import.meta.url));
const scratch = join(root, 'test', `.scratch-demo-${process.pid}`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm run demo', () => {
  it('shows a request/response pair, a push subscription, two connections, HTTP sessions, an HTTP login feeding a handshake, serial, smart-serial, a driver polling its timers and an SNMP agent, and exits 0', async () => {
    const { stdout } = await run(process.execPath, ['scripts/demo.js', '--into', scratch], { cwd: root, timeout: 60_000 });
    expect(stdout).toContain("heartbeat() → { lastEcho: 'pong' }");
    expect(stdout).toContain('getStatus() → running, load 42.0 %, up 42 s');
    expect(stdout).toContain("setLabel({ labelRequest: 'Studio 1' }) → { deviceLabel: 'Studio 1' }");
    expect(stdout).toMatch(/param lastEvent = 'sample 1'\n {2}param lastEvent = 'sample 2'\n {2}param lastEvent = 'sample 3'/);
    expect(stdout).toContain('status params: control 1, telemetry 1');
    expect(stdout).toContain("getConfig() on controlWebSocket → { operatingMode: 'auto', activeChannels: 2 }");
    expect(stdout).toContain("param telemetryMessage = 'sample 1' (on telemetryWebSocket)");
    expect(stdout).toContain('listItems() → HTTP/1.1 200 OK, 99 requests left, body [{"id":7,"name":"bolt"}]');
    expect(stdout).toContain("getItem({ itemPath: 'api/items/9' }) → HttpStatusError 404; param responseBody = '{\"error\":\"no item 9\"}'");
    expect(stdout).toContain('the mock received: GET /api/items, POST /api/items, GET /api/items/9');
    expect(stdout).toContain("login() → { loginStatus: 'HTTP/1.1 200 OK', sessionToken: 'tok-81f2' }");
    expect(stdout).toContain("handshake header x-session-token: 'tok-81f2'");
    expect(stdout).toContain("latestEvent() → { lastEvent: 'door opened' }");
    expect(stdout).toContain('getMeasurements() → { voltage: 230.4, current: 12.34, power: -1500, energy: 1234.5, frequency: 50, meterNumber: 12345678 }');
    expect(stdout).toContain("getLabel() → { label: 'Feeder Ä1' }");
    expect(stdout).toMatch(/param temperature = 38\.5 \(pushed, response 1\)/);
    expect(stdout).toContain("setName({ newName: 'News HD' }) → { channelName: 'News HD' }");
    expect(stdout).toMatch(/group subscribe done\n {2}group statusPoll done\n {2}group statusPoll done\n/);
    expect(stdout).toContain("params: sensorState 'running', temperature 21.5");
    expect(stdout).toContain('the mock received: subscribe, getStatus, getTemperature, getStatus, getTemperature, setMode, getMode\n');
    expect(stdout).toContain("snmp.getMany(['systemDescription', 'batteryCharge', 'batteryStatus']) → { systemDescription: 'UPS 3000 rev B', batteryCharge: 87, batteryStatus: 1 }");
    expect(stdout).toContain("snmp.table('outlets') → [ { outletsInstance: '1', outletsName: 'sample 1', outletsState: 1, outletsLoad: 43 },");
    expect(stdout).toContain("snmp.set('systemNameSet', 'rack-8'), then systemName = 'rack-8'");
    expect(stdout).toContain("trap 1.3.6.1.4.1.64999.7.0.1 → { lastAlarmCode: 42, lastAlarmText: 'on battery' }");
    expect(stdout).toContain('the mock received: get(3), getBulk(3), set(1), get(1)\n');
    expect(stdout.trimEnd().endsWith('done: every driver and mock closed')).toBe(true);
    // The drivers it ran are the committed ones, regenerated in the scratch folder.
    for (const driver of ['echo-service.ts', 'event-stream.ts', 'dual-channel-monitor.ts', 'shelf-inventory.ts', 'token-gate-feed.ts', 'serial-power-meter.ts', 'smart-serial-encoder.ts', 'polled-sensor.ts', 'rack-ups.ts']) {
      expect(readFileSync(join(scratch, 'generated', driver), 'utf8')).toBe(readFileSync(join(root, 'generated', driver), 'utf8'));
    }
  }, 90_000);
});
