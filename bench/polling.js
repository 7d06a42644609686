// Polling (issue 15): what `driver.polling` adds to each polled pair, and how close to plan its timers
// fire under load. The server process answers every message with the same status text.
//
//   npm run build && node bench/polling.js [--quick]
//
// 1. Overhead: a group of 10 `getStatus` pairs run with `polling.runGroup()` (command values read from
//    params) beside the same 10 calls of the pair method in a loop, on the same connection, in
//    alternating blocks. Target: time per pair at most 1.10× the loop.
// 2. Timer accuracy: 10 timers of 100 ms, each queuing a group of 10 pairs (1 000 pairs/s through the one
//    group queue) for a few seconds; every timeout the scheduler sets is timed against the time it was
//    planned for. Target: p99 lateness at most 5 ms.

import { Polling } from '@protogen-dm/runtime';
import { openDriver, sampleDriver, STATUS_MESSAGES } from './lib/clients.js';
import { count, isMain, runCase } from './lib/cases.js';
import { startServer } from './lib/processes.js';
import { row } from './lib/report.js';
import { percentile, ratioSeries, summarize } from './lib/stats.js';

const QUERY = { queryOutput: 3 };
const GROUP_SIZE = 10;

/** The sample's spec with a polling plan: `groups` groups of 10 getStatus pairs and their timers. */
function withPolling(spec, timers, periodMs) {
  const pair = spec.pairs.find((p) => p.key === 'getStatus');
  const items = Array.from({ length: GROUP_SIZE }, () => ({ kind: 'pair', id: pair.id }));
  const groups = Array.from({ length: Math.max(1, timers) }, (_, i) => ({ id: i + 1, key: `poll${i + 1}`, type: 'poll', items }));
  const timerSpecs = Array.from({ length: timers }, (_, i) => ({ id: i + 1, name: `t${i + 1}`, time: periodMs, initial: true, interval: 0, groups: [i + 1] }));
  return { ...spec, polling: { timers: timerSpecs, groups, triggers: [], actions: [] } };
}

/** The real clock, recording how late each timeout fired against the time it was planned for. */
function recordingClock(lateness) {
  return {
    now: () => performance.now(),
    setTimeout: (callback, ms) => {
      const planned = performance.now() + ms;
      return setTimeout(() => {
        if (ms >= 1) lateness.push(performance.now() - planned);
        callback();
      }, ms);
    },
    clearTimeout: (handle) => clearTimeout(handle),
  };
}

/** A polling host on a connected driver: getStatus with its argument read from params, as a driver's own host does. */
function hostOf(driver) {
  return {
    runPair: async () => ({ value: await driver.getStatus({ queryOutput: driver.params.get('queryOutput') }) }),
    readParam: () => undefined,
    watchParam: () => () => undefined,
  };
}

async function timeBlock(call, n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await call();
  return Number(process.hrtime.bigint() - start) / 1e3;
}

export async function measure({ quick, log }) {
  const { Driver, spec } = await sampleDriver();
  const server = await startServer();
  const repetitions = quick ? 3 : 7;
  const groupsPerBlock = quick ? 20 : 200;
  const accuracySeconds = quick ? 1 : 5;
  try {
    await server.command({ cmd: 'reply', text: STATUS_MESSAGES[2] });
    const { driver } = await openDriver(Driver, spec, server.url('/overhead'));
    driver.params.set('queryOutput', QUERY.queryOutput);
    const loop = async () => {
      for (let i = 0; i < GROUP_SIZE; i++) await driver.getStatus(QUERY);
    };
    // The scheduler as a driver builds it, its pairs the driver's method with values read from params
    // (a generated driver's own polling is built from its module's spec, which has no such group).
    const scheduler = new Polling(withPolling(spec, 0, 0), () => hostOf(driver), {});
    const polled = () => scheduler.runGroup('poll1');
    await timeBlock(loop, groupsPerBlock);
    await timeBlock(polled, groupsPerBlock);
    const loopTimes = [];
    const pollTimes = [];
    for (let r = 0; r < repetitions; r++) {
      loopTimes.push(await timeBlock(loop, groupsPerBlock) / (groupsPerBlock * GROUP_SIZE));
      pollTimes.push(await timeBlock(polled, groupsPerBlock) / (groupsPerBlock * GROUP_SIZE));
      log(`overhead repetition ${r + 1}/${repetitions}: loop ${loopTimes.at(-1).toFixed(1)} µs, polled ${pollTimes.at(-1).toFixed(1)} µs per pair`);
    }
    await driver.close();

    const lateness = [];
    const timers = 10;
    const { driver: poller } = await openDriver(Driver, spec, server.url('/accuracy'));
    let pairs = 0;
    let failures = 0;
    // The scheduler a driver builds, on the recording clock, its pairs the driver's own method.
    poller.params.set('queryOutput', QUERY.queryOutput);
    const timed = new Polling(withPolling(spec, timers, 100), () => hostOf(poller), { clock: recordingClock(lateness) });
    timed.on('done', () => (pairs += GROUP_SIZE));
    timed.on('failed', () => failures++);
    timed.start();
    await new Promise((resolve) => setTimeout(resolve, accuracySeconds * 1000));
    await timed.stop();
    await poller.close();
    if (failures > 0) throw new Error(`${failures} polled groups failed`);
    const rate = pairs / accuracySeconds;
    log(`accuracy: ${count(lateness.length)} timeouts, ${Math.round(rate)} pairs/s`);
    const p99 = percentile(lateness, 99);
    return {
      title: `polling: ${count(groupsPerBlock * GROUP_SIZE)} polled pairs per block; ${timers} timers × ${GROUP_SIZE} pairs every 100 ms for ${accuracySeconds} s`,
      notes: [`${Math.round(rate)} pairs/s polled in the accuracy run; lateness = fired − planned, per scheduler timeout`],
      rows: [
        row({ measure: 'time per polled pair (runGroup)', unit: 'µs', value: summarize(pollTimes), baseline: { label: 'method loop', ...summarize(loopTimes) }, ratio: ratioSeries(pollTimes, loopTimes), target: { on: 'ratio', op: '<=', limit: 1.1 } }),
        row({ measure: 'timer lateness p99 at ~1 000 pairs/s', unit: 'ms', value: summarize([p99]), target: { on: 'value', op: '<=', limit: 5 }, note: `p50 ${percentile(lateness, 50).toFixed(2)} ms, max ${Math.max(...lateness).toFixed(2)} ms` }),
      ],
    };
  } finally {
    await server.stop();
  }
}

if (isMain(import.meta.url)) await runCase(measure);
