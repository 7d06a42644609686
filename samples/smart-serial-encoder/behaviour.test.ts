// The Smart Serial Encoder driver (generated/smart-serial-encoder.ts, from protocol.xml beside this file)
// against the mock of its own protocol over TCP and UDP on 127.0.0.1: status frames pushed between (and
// during) answers, a binary config blob that keeps every byte, a command-only pair, and a second
// connection framed by its own CR LF trailer.
import { describe, expect, it, vi } from 'vitest';
import type { MockDevice } from '@protogen-dm/mock';
import { SmartSerialEncoderDriver, smartSerialEncoderProtocol } from '../../generated/smart-serial-encoder.js';
import { mockOf, owned } from '../../test/helpers/fixture.js';

async function setup(udp = false, pushIntervalMs = 20): Promise<{ mock: MockDevice; driver: SmartSerialEncoderDriver }> {
  const { mock } = await mockOf(smartSerialEncoderProtocol, { udp, pushIntervalMs });
  const driver = owned(new SmartSerialEncoderDriver({ connections: { control: { url: mock.url('control') }, console: { url: mock.url('console') } } }));
  return { mock, driver };
}

describe('Smart Serial Encoder over TCP', () => {
  it('the device pushes status frames from the moment the driver connects; answers arrive between them', async () => {
    const { mock, driver } = await setup();
    const temperatures: number[] = [];
    driver.params.on('temperature', (value) => temperatures.push(value));
    mock.set({ temperature: 41.5, encoderState: 1, config: 'cfg' });
    await driver.connect();
    await vi.waitFor(() => expect(temperatures.length).toBeGreaterThanOrEqual(2));
    expect(temperatures.slice(0, 2)).toEqual([41.5, 41.5]);
    expect(driver.params.get('encoderState')).toBe(1);
    await expect(driver.getConfig()).resolves.toEqual({ config: 'cfg' });
  });

  it('a binary blob with bytes 0x00-0xFD round-trips through a string param', async () => {
    const { mock, driver } = await setup(false, 60_000);
    await driver.connect();
    const blob = String.fromCharCode(...Array.from({ length: 0xfe }, (_, byte) => byte));
    mock.set({ config: blob });
    await expect(driver.getConfig()).resolves.toEqual({ config: blob });
  });

  it('a command-only pair resolves once written; the mock saw its bytes', async () => {
    const { mock, driver } = await setup(false, 60_000);
    await driver.connect();
    await expect(driver.reboot()).resolves.toBeUndefined();
    await vi.waitFor(() => expect(mock.received().map((frame) => frame.command)).toContain('reboot'));
    expect(mock.received().find((frame) => frame.command === 'reboot')?.bytes).toEqual(Uint8Array.of(0xfe, 0x52, 0xff));
  });

  it('the console connection frames by its own trailer; a line the driver gets is pushed data', async () => {
    const { mock, driver } = await setup(false, 60_000);
    const lines: string[] = [];
    driver.params.on('consoleLine', (value) => lines.push(value));
    await driver.connect();
    mock.chunking({ pieces: 3, delayMs: 2 });
    await mock.sendRaw('boot\r\nready\r\n', 'console');
    await vi.waitFor(() => expect(lines).toEqual(expect.arrayContaining(['boot', 'ready'])));
  });
});

describe('Smart Serial Encoder over UDP', () => {
  it('pushes and answers over datagrams', async () => {
    const { mock, driver } = await setup(true, 60_000);
    await driver.connect();
    mock.set({ channelName: 'News HD' });
    await expect(driver.setName({ newName: 'News HD' })).resolves.toEqual({ channelName: 'News HD' });
    expect(mock.received()[0]).toMatchObject({ command: 'setName', values: { newName: 'News HD' } });
  });
});
