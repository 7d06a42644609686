// The Polled Sensor driver (generated/polled-sensor.ts, from protocol.xml beside this file) polling the
// mock of its own protocol over real sockets on 127.0.0.1, its scheduler on a manual clock: the subscribe
// after startup, the two timers, the fault check only while the sensor reports a fault, and the set
// followed by a get (`execute next` from the set's response trigger).
import { describe, expect, it } from 'vitest';
import type { Polling } from '@protogen-dm/runtime';
import { PolledSensorDriver, polledSensorProtocol, type PolledSensorGroup } from '../../generated/polled-sensor.js';
import { mockOf, owned } from '../../test/helpers/fixture.js';
import { ManualClock } from '../../test/helpers/manual-clock.js';

/** Resolves with the keys of the groups that end, once `count` have. */
function groupsDone(polling: Polling<PolledSensorGroup>, count: number): Promise<string[]> {
  const seen: string[] = [];
  return new Promise((resolve) => {
    const off = polling.on('done', (group) => {
      if (seen.push(group) === count) {
        off();
        resolve(seen);
      }
    });
  });
}

describe('Polled Sensor: polling its mock', () => {
  async function setup() {
    const { mock } = await mockOf(polledSensorProtocol);
    const clock = new ManualClock();
    const driver = owned(new PolledSensorDriver({ connections: { sensor: { url: mock.url(0) } }, polling: { clock } }));
    await driver.connect();
    const commands = (): string[] => mock.received().map((frame) => frame.command ?? '?');
    return { mock, clock, driver, commands };
  }

  /** Moves the manual clock, then waits until the scheduler has planned `pending` timers (its replies are real I/O). */
  async function tick(clock: ManualClock, ms: number, pending: number): Promise<void> {
    clock.advance(ms);
    await expect.poll(() => clock.pending).toBe(pending);
  }

  it('subscribes after startup, then runs the fast timer every second; Pair@next spaces its pairs', async () => {
    const { clock, driver, commands } = await setup();
    const first = groupsDone(driver.polling, 1);
    driver.polling.start();
    expect(await first).toEqual(['subscribe']);
    // Get Status answered; Get Temperature waits for Pair@next (50 ms), the only timer planned.
    await tick(clock, 0, 1);
    expect(commands()).toEqual(['subscribe', 'getStatus']);
    expect(driver.params.get('sensorState')).toBe('sample');
    // Both timers plan their next cycle once their last group ended: the fast one at 1000, the slow one at 5000.
    await tick(clock, 50, 2);
    expect(commands()).toEqual(['subscribe', 'getStatus', 'getTemperature']);
    await tick(clock, 949, 2);
    expect(commands()).toHaveLength(3);
    await tick(clock, 1, 2);
    expect(commands()).toHaveLength(4);
    const again = groupsDone(driver.polling, 1);
    await tick(clock, 50, 2);
    expect(await again).toEqual(['statusPoll']);
    expect(commands().slice(3)).toEqual(['getStatus', 'getTemperature']);
    await driver.polling.stop();
    expect(clock.pending).toBe(0);
  });

  it('runs the fault check of the slow timer only while the sensor reports a fault', async () => {
    const { mock, clock, driver, commands } = await setup();
    const skipped: string[] = [];
    driver.polling.on('skipped', (group) => skipped.push(group));
    const startup = groupsDone(driver.polling, 1);
    driver.polling.start();
    await startup;
    await tick(clock, 0, 1);
    await tick(clock, 50, 2);
    // The slow timer's first cycle came after the first status: "sample", not a fault.
    expect(skipped).toEqual(['faultCheck']);
    mock.set({ sensorState: 'fault' });
    const faultCheck = new Promise<string>((resolve) => driver.polling.on('done', (group) => group === 'faultCheck' && resolve(group)));
    for (let second = 1; second <= 4; second++) {
      await tick(clock, 950, 2);
      await tick(clock, 50, 2);
    }
    expect(driver.params.get('sensorState')).toBe('fault');
    expect(commands().filter((command) => command === 'getTemperature')).toHaveLength(5);
    // At 5000 the slow timer (planned first) queued the fault check, then the fast timer its status poll.
    clock.advance(950);
    expect(await faultCheck).toBe('faultCheck');
    await expect.poll(commands).toHaveLength(13);
    expect(commands().slice(-2)).toEqual(['getTemperature', 'getStatus']);
    expect(skipped).toEqual(['faultCheck']);
    await driver.polling.stop();
  });

  it('runGroup("setMode") sends the mode from params (its DefaultValue first), then gets it: execute next', async () => {
    const { mock, driver, commands } = await setup();
    await driver.polling.runGroup('setMode');
    await expect.poll(commands).toEqual(['setMode', 'getMode']);
    expect(mock.received()[0]?.values).toEqual({ modeRequest: 'normal' });
    driver.params.set('modeRequest', 'eco');
    await driver.polling.runGroup('setMode');
    await expect.poll(commands).toHaveLength(4);
    expect(mock.received()[2]?.values).toEqual({ modeRequest: 'eco' });
    expect(commands()[3]).toBe('getMode');
  });

  it('a group whose connection closed fails with an event, the state shows it, and close() stops polling', async () => {
    const { mock, clock, driver } = await setup();
    const failed: string[] = [];
    driver.polling.on('failed', (group, error) => failed.push(`${group}: ${error.name}`));
    const startup = groupsDone(driver.polling, 1);
    driver.polling.start();
    await startup;
    await mock.close();
    await expect.poll(() => driver.state('sensor')).toBe('closed');
    clock.advance(1000);
    await expect.poll(() => failed).toContain('statusPoll: ConnectionClosedError');
    expect(driver.polling.state).toBe('timeout');
    await driver.close();
    expect(driver.polling.running).toBe(false);
    expect(clock.pending).toBe(0);
  });
});
