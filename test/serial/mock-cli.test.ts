// `protogen mock` serves serial and smart-serial connections (in-process, stopped by an AbortSignal):
// tcp:// by default, udp:// with --udp, each driven by its generated driver.
import { describe, expect, it, vi } from 'vitest';
import { SerialPowerMeterDriver } from '../../generated/serial-power-meter.js';
import { SmartSerialEncoderDriver } from '../../generated/smart-serial-encoder.js';
import { main } from '../../generator/src/cli/main.js';

async function served(args: readonly string[], xml = 'samples/serial-meter/protocol.xml'): Promise<{ url: string; lines: string[]; stop: () => Promise<number> }> {
  const lines: string[] = [];
  const controller = new AbortController();
  const done = main(['mock', xml, '--port', '0', ...args], { out: (line) => lines.push(line), err: (line) => lines.push(line) }, { signal: controller.signal });
  await vi.waitFor(() => expect(lines.some((line) => line.includes('listening on'))).toBe(true));
  const url = /listening on (\S+)/.exec(lines.find((line) => line.includes('listening on')) ?? '')?.[1] ?? '';
  return { url, lines, stop: () => (controller.abort(), done) };
}

describe('protogen mock: serial connections', () => {
  for (const [label, args, scheme] of [['TCP', [], 'tcp'], ['UDP (--udp)', ['--udp'], 'udp']] as const) {
    it(`serves over ${label} and answers the driver`, async () => {
      const { url, lines, stop } = await served(args);
      expect(url).toMatch(new RegExp(`^${scheme}://127\\.0\\.0\\.1:\\d+$`));
      const driver = new SerialPowerMeterDriver({ connections: { meterLine: { url } } });
      try {
        await driver.connect();
        await expect(driver.getThreshold()).resolves.toEqual({ threshold: 42, thresholdHex: 42 });
      } finally {
        await driver.close();
      }
      await expect(stop()).resolves.toBe(0);
      expect(lines.some((line) => line.includes('getThreshold'))).toBe(true);
    });
  }

  it('--dial connects a connection to a driver that listens (server mode) and serves it there', async () => {
    const driver = new SerialPowerMeterDriver({ connections: { meterLine: { url: 'tcp://127.0.0.1:0', listen: true } } });
    try {
      const port = new Promise<number>((resolve) => driver.on('listening', (_connection, address) => resolve(address.port)));
      const connected = driver.connect();
      const { lines, stop } = await served(['--dial', `0=tcp://127.0.0.1:${await port}`]);
      await connected;
      await expect(driver.getThreshold()).resolves.toEqual({ threshold: 42, thresholdHex: 42 });
      await expect(stop()).resolves.toBe(0);
      expect(lines).toContain(`mock: connection 0 dialed tcp://127.0.0.1:${await port}`);
    } finally {
      await driver.close();
    }
  });

  it('--udp --dial makes a UDP listening driver the peer of a smart-serial connection: its pushes open the driver, which asks it back', async () => {
    const driver = new SmartSerialEncoderDriver({ connections: { control: { url: 'udp://127.0.0.1:0', listen: true }, console: false } });
    try {
      const port = new Promise<number>((resolve) => driver.on('listening', (_connection, address) => resolve(address.port)));
      const connected = driver.connect();
      const { lines, stop } = await served(['--udp', '--interval', '10', '--dial', `0=udp://127.0.0.1:${await port}`], 'samples/smart-serial-encoder/protocol.xml');
      await connected;
      await expect(driver.getConfig()).resolves.toEqual({ config: expect.any(String) });
      await expect(stop()).resolves.toBe(0);
      expect(lines).toContain(`mock: connection 0 dialed udp://127.0.0.1:${await port}`);
    } finally {
      await driver.close();
    }
  });

  it('--dial with no URL is a usage error (exit 2)', async () => {
    const lines: string[] = [];
    await expect(main(['mock', 'samples/serial-meter/protocol.xml', '--dial', '0'], { out: (line) => lines.push(line), err: (line) => lines.push(line) })).resolves.toBe(2);
    expect(lines.join('\n')).toContain("--dial takes <connection id>=tcp://host:port (or udp://host:port), got '0'");
  });
});
