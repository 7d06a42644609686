// The Serial Power Meter driver (generated/serial-power-meter.ts, from protocol.xml beside this file)
// against the mock of its own protocol over TCP and UDP on 127.0.0.1: each response completes by its
// own DataMiner rule (all fixed, length field, header + trailer, silence), bytes ≥ 0x80 round-trip in
// a string, and the mock's chunking control splits and joins frames the way awkward devices do.
import { describe, expect, it } from 'vitest';
import type { MockDevice } from '@protogen-dm/mock';
import { BadCommandError } from '@protogen-dm/runtime';
import { SerialPowerMeterDriver, serialPowerMeterProtocol } from '../../generated/serial-power-meter.js';
import { mockOf, owned } from '../../test/helpers/fixture.js';

async function setup(udp = false): Promise<{ mock: MockDevice; log: string[]; driver: SerialPowerMeterDriver }> {
  const { mock, log } = await mockOf(serialPowerMeterProtocol, { udp });
  const driver = owned(new SerialPowerMeterDriver({ connections: { meterLine: { url: mock.url(0) } } }));
  await driver.connect();
  return { mock, log, driver };
}

const measurements = { voltage: 230.4, current: 12.34, power: -1500, energy: 123456.789, frequency: 49.98, meterNumber: 12345678 };

for (const udp of [false, true]) {
  describe(`Serial Power Meter over ${udp ? 'UDP' : 'TCP'}`, () => {
    it('all-fixed binary frame: numbers in five encodings, exor checksum', async () => {
      const { mock, log, driver } = await setup(udp);
      expect(mock.url(0)).toMatch(udp ? /^udp:\/\/127\.0\.0\.1:\d+$/ : /^tcp:\/\/127\.0\.0\.1:\d+$/);
      mock.set(measurements);
      await expect(driver.getMeasurements()).resolves.toEqual(measurements);
      expect(mock.received()[0]).toMatchObject({ command: 'getMeasurements', bytes: Uint8Array.of(0x02, 0x4d, 0x4d, 0x03) });
      // STX 'M' | 2304 BE | 1234 LE | -1500 BE int32 | double BE | float BE | BCD 12345678 | exor.
      const out = log.find((line) => line.includes('-> binary'));
      expect(out).toMatch(/-> binary 27 B 02 4d 09 00 d2 04 ff ff fa 24 40 fe 24 0c 9f be 76 c9 42 47 eb 85 12 34 56 78 27$/);
    });

    it('length field: a label with bytes 0x80-0xFF round-trips, crc16 checked', async () => {
      const { mock, driver } = await setup(udp);
      const label = 'Zähler \u00ff\u0080\u00fe';
      mock.set({ label });
      await expect(driver.getLabel()).resolves.toEqual({ label });
      expect(driver.params.get('label')).toBe(label);
    });

    it('header and trailer: decimal and hexadecimal text', async () => {
      const { mock, driver } = await setup(udp);
      mock.set({ threshold: 3000, thresholdHex: 3000 });
      await expect(driver.setThreshold({ newThreshold: 3000 })).resolves.toEqual({ threshold: 3000, thresholdHex: 3000 });
      expect(new TextDecoder().decode(mock.received()[0]?.bytes)).toBe('#THR=3000\r\n');
    });

    it('silence: a reply without trailer or length completes after receiveInterval, long before the timeout', async () => {
      const { mock, driver } = await setup(udp);
      mock.set({ logText: 'boot ok; relay closed' });
      // A timeout longer than the test's own: only the 30 ms silence rule can resolve this call in time.
      await expect(driver.getLog({ timeoutMs: 60_000 })).resolves.toEqual({ logText: 'boot ok; relay closed' });
    });
  });
}

describe('Serial Power Meter: the mock writes frames the awkward ways', () => {
  it('a reply in 7 pieces 5 ms apart is one reply', async () => {
    const { mock, driver } = await setup();
    mock.set(measurements);
    mock.chunking({ pieces: 7, delayMs: 5 });
    await expect(driver.getMeasurements()).resolves.toEqual(measurements);
  });

  it('two replies in one chunk: the first answers, the surplus is flushed before the next command', async () => {
    const { mock, driver } = await setup();
    const unmatched: string[] = [];
    driver.on('unmatched', (_connection, bytes) => unmatched.push(Buffer.from(bytes).toString('latin1')));
    mock.chunking({ together: 2 });
    mock.set({ threshold: 1, thresholdHex: 1 });
    // The answer waits (≤ 50 ms) for a second frame; sendRaw supplies it in the same write.
    const call = driver.getThreshold();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await mock.sendRaw('#THR=2;2\r\n');
    await expect(call).resolves.toEqual({ threshold: 1, thresholdHex: 1 });
    mock.chunking({});
    mock.set({ threshold: 3, thresholdHex: 3 });
    await expect(driver.getThreshold()).resolves.toEqual({ threshold: 3, thresholdHex: 3 });
    expect(unmatched).toEqual(['#THR=2;2\r\n']);
  });

  it('an error reply rejects with BadCommandError', async () => {
    const { mock, driver } = await setup();
    mock.drop(1);
    const call = driver.setThreshold({ newThreshold: 5 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await mock.sendRaw('#ERR=2\r\n');
    await expect(call).rejects.toBeInstanceOf(BadCommandError);
    expect(driver.params.get('errorCode')).toBe(2);
  });
});
