// The Binary Sensor driver (generated/binary-sensor.ts, from protocol.xml beside this file) against the mock of its own
// protocol, over real sockets on 127.0.0.1: the bytes each command puts on the wire, the typed values each
// answer resolves with.
import { describe, expect, it } from 'vitest';
import type { MockDevice } from '@protogen-dm/mock';
import { BinarySensorDriver, binarySensorProtocol } from '../../generated/binary-sensor.js';
import { mockOf, owned } from '../../test/helpers/fixture.js';

describe('Binary Sensor: binary frames with length and checksum', () => {
  async function setup(): Promise<{ mock: MockDevice; log: string[]; driver: BinarySensorDriver }> {
    const { mock, log } = await mockOf(binarySensorProtocol);
    const driver = owned(new BinarySensorDriver({ connections: { sensorWebSocket: { url: mock.url(0) } } }));
    await driver.connect();
    return { mock, log, driver };
  }

  it('recognises the binary command and answers with a binary frame whose length and crc check out', async () => {
    const { mock, log, driver } = await setup();
    await expect(driver.getReadings()).resolves.toEqual({ temperature: 42, humidity: 42, pressure: 42, sensorState: 0 });
    expect(mock.received()).toEqual([
      { connection: 0, text: false, bytes: Uint8Array.of(0x02, 0x10, 0x01, 0x11, 0x03), command: 'getReadings', values: {} },
    ]);
    // STX, code 0x90, length 10, temperature 420 (×0.1), humidity 420, pressure float 42, state 0, XOR, ETX.
    expect(log).toContain('[conn 0] -> binary 14 B 02 90 0a 01 a4 01 a4 42 28 00 00 00 f0 03');
  });

  it('encodes set values, signed and scaled', async () => {
    const { mock, driver } = await setup();
    mock.set({ temperature: -12.3, pressure: 1013.25, sensorState: 2 });
    await expect(driver.getReadings()).resolves.toEqual({ temperature: -12.3, humidity: 42, pressure: 1013.25, sensorState: 2 });
  });

  it('decodes a command argument', async () => {
    const { mock, driver } = await setup();
    mock.set({ sampleInterval: 60 });
    await expect(driver.setInterval({ newSampleInterval: 60 })).resolves.toEqual({ sampleInterval: 60 });
    expect(mock.received()[0]).toMatchObject({
      command: 'setInterval',
      bytes: Uint8Array.of(0x02, 0x20, 0x03, 0x00, 0x3c, 0x1f, 0x03),
      values: { newSampleInterval: 60 },
    });
  });
});
