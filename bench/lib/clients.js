// The two kinds of client the runtime benchmarks compare, and the device messages they exchange.
//
// The protocol is samples/structured-text/protocol.xml (a matrix router talking text frames such as
// `<STATUS:3,7,-3.50,LOCKED,Studio B>\r\n`): a typical structured message of five fields between a
// header, keywords, separators and a trailer, decoded into typed params.

import WebSocket from 'ws';
import { compiledDriver } from './drivers.js';

export const SAMPLE = 'structured-text';

/** Status answers with varying fields (the driver's listeners see changing values), all matching. */
export const STATUS_MESSAGES = Array.from({ length: 16 }, (_, i) => {
  const gain = (-12 + i * 0.75).toFixed(2);
  return `<STATUS:${(i % 8) + 1},${(i * 5) % 16},${gain},${i % 3 ? 'LOCKED' : 'UNLOCKED'},Studio ${String.fromCharCode(65 + i)}>\r\n`;
});

/** The generated driver class and spec of the sample, compiled once per run. */
export function sampleDriver() {
  return compiledDriver(SAMPLE);
}

/** Options of the sample driver with every connection of the spec pointing at `url`. */
export function driverOptions(spec, url) {
  return { connections: Object.fromEntries(spec.connections.map((c) => [c.key, { url }])) };
}

/**
 * A connected generated driver. `failed` (a promise to race against) rejects when the driver reports
 * an unmatched message or an error: the benchmark is broken then, its figures meaningless.
 */
export async function openDriver(Driver, spec, url) {
  const driver = new Driver(driverOptions(spec, url));
  let fail;
  const failed = new Promise((resolve, reject) => (fail = reject));
  failed.catch(() => {});
  driver.on('unmatched', (connection, bytes) => fail(new Error(`driver could not match ${Buffer.from(bytes).toString('latin1')}`)));
  driver.on('error', (error) => fail(error));
  await driver.connect();
  return { driver, failed };
}

/** Resolves like `promise`, or rejects when it takes longer than `ms` (a benchmark must never hang). */
export function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A plain `ws` client, opened, without compression (the driver's transport disables it too). */
export function openRaw(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Closes a raw client and waits for the close handshake. */
export function closeRaw(ws) {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    ws.once('close', resolve);
    ws.close();
  });
}
