// Codec throughput: match (split + decode + verify) of typical messages, beside a hand-written parser
// of the same message in the same run.
//
//   npm run build && node bench/codec.js [--quick]
//
// Plain ESM over the built runtime (runtime/dist/), so no TypeScript loader is needed. Inputs are Buffers, as
// the `ws` transport delivers them. Each row checks first that both parsers return the same values.
// Per message: a warm-up, then ROUNDS alternating timed rounds of both parsers; the table shows the
// median round and the ratio per round. No target (information): the hand-written parsers check less.

import { deepStrictEqual } from 'node:assert';
import { createCodec } from '@protogen-dm/runtime/codec';
import { isMain, runCase } from './lib/cases.js';
import { row } from './lib/report.js';
import { ratioSeries, summarize } from './lib/stats.js';

// ── the protocol: one text frame, one binary frame, one single-string frame ─────────────────────

const hexOf = (text) => Buffer.from(text, 'latin1').toString('hex');
const constant = (id, text, role = 'fixed') => ({ id, key: `c${id}`, role, value: 'string', raw: 'other', lengthType: 'fixed', length: Buffer.byteLength(text, 'latin1'), constant: hexOf(text) });
const numericText = (id, key, extra = {}) => ({ id, key, role: 'read', value: 'number', raw: 'numeric text', lengthType: 'next param', ...extra });
const string = (id, key) => ({ id, key, role: 'read', value: 'string', raw: 'other', lengthType: 'next param' });
const binary = (id, key, raw, length, extra = {}) => ({ id, key, role: 'read', value: 'number', raw, lengthType: 'fixed', length, endian: 'big', ...extra });

const params = [
  constant(100, '<', 'header'),
  constant(101, '\r\n', 'trailer'),
  constant(104, 'STATUS:'),
  constant(106, 'ERR:'),
  constant(107, ','),
  constant(108, '>'),
  numericText(20, 'outputNumber'),
  numericText(21, 'sourceInput'),
  numericText(22, 'outputGain', { decimals: 2 }),
  string(23, 'lockState'),
  string(24, 'outputLabel'),
  string(25, 'errorReason'),
  constant(200, '\u0002', 'header'),
  constant(201, '\u0090'),
  constant(209, '\u0003', 'trailer'),
  { id: 211, key: 'len', role: 'length', value: 'number', raw: 'unsigned number', lengthType: 'fixed', length: 1, lengthOf: [1, 3, 4, 5, 6] },
  binary(30, 'temperature', 'signed number', 2, { factor: 0.1, decimals: 1 }),
  binary(31, 'humidity', 'unsigned number', 2, { factor: 0.1, decimals: 1 }),
  binary(32, 'pressure', 'double', 4, { decimals: 2 }),
  { id: 33, key: 'state', role: 'read', value: 'number', raw: 'unsigned number', lengthType: 'fixed', length: 1 },
  { id: 221, key: 'bcc', role: 'crc', value: 'number', raw: 'unsigned number', lengthType: 'fixed', length: 1, crc: { type: 'exor', positions: [1, 2, 3, 4, 5, 6] } },
  string(40, 'json'),
];

const spec = {
  name: 'Bench',
  version: '1.0.0.0',
  connections: [],
  params,
  commands: [],
  responses: [
    { id: 1, key: 'status', connection: 0, params: [100, 104, 20, 107, 21, 107, 22, 107, 23, 107, 24, 108, 101] },
    { id: 2, key: 'error', connection: 0, params: [100, 106, 25, 108, 101] },
    { id: 3, key: 'readings', connection: 0, params: [200, 201, 211, 30, 31, 32, 33, 221, 209] },
    { id: 4, key: 'json', connection: 0, params: [40] },
  ],
  pairs: [],
};

const codec = createCodec(spec);
const status = codec.response(1);
const error = codec.response(2);
const readings = codec.response(3);
const json = codec.response(4);

// ── hand-written parsers of the same messages ───────────────────────────────────────────────────

const STATUS = Buffer.from('<STATUS:', 'latin1');
const isNumber = (text) => text.trim() !== '' && Number.isFinite(Number(text));

/** `<STATUS:out,in,gain,lock,label>\r\n`, as one would write it by hand. */
function handStatus(buffer) {
  const n = buffer.length;
  if (n < 15 || buffer[n - 3] !== 0x3e || buffer[n - 2] !== 0x0d || buffer[n - 1] !== 0x0a) return undefined;
  if (buffer.compare(STATUS, 0, 8, 0, 8) !== 0) return undefined;
  const fields = buffer.toString('utf8', 8, n - 3).split(',');
  if (fields.length < 5) return undefined;
  const [output, input, gain, lockState] = fields;
  if (!isNumber(output) || !isNumber(input) || !isNumber(gain)) return undefined;
  return {
    outputNumber: Number(output),
    sourceInput: Number(input),
    outputGain: Math.round(Number(gain) * 100) / 100,
    lockState,
    outputLabel: fields.slice(4).join(','),
  };
}

/** `<ERR:reason>\r\n` tried against a status message: the router's first candidate often misses. */
function handError(buffer) {
  const n = buffer.length;
  if (n < 8 || buffer[0] !== 0x3c || buffer[1] !== 0x45 || buffer[2] !== 0x52 || buffer[3] !== 0x52 || buffer[4] !== 0x3a) return undefined;
  if (buffer[n - 3] !== 0x3e || buffer[n - 2] !== 0x0d || buffer[n - 1] !== 0x0a) return undefined;
  return { errorReason: buffer.toString('utf8', 5, n - 3) };
}

/** STX 90 len T(2) H(2) P(float 4) S(1) bcc ETX, big-endian, with length and XOR checks. */
function handReadings(buffer) {
  if (buffer.length !== 14 || buffer[0] !== 0x02 || buffer[1] !== 0x90 || buffer[13] !== 0x03 || buffer[2] !== 10) return undefined;
  let bcc = 0;
  for (let i = 1; i < 12; i++) bcc ^= buffer[i];
  if (bcc !== buffer[12]) return undefined;
  return {
    temperature: Math.round(buffer.readInt16BE(3)) / 10,
    humidity: Math.round(buffer.readUInt16BE(5)) / 10,
    pressure: Math.round(buffer.readFloatBE(7) * 100) / 100,
    state: buffer[11],
  };
}

/** A whole message that is one string. */
const decoder = new TextDecoder();
const handJson = (buffer) => ({ json: decoder.decode(buffer) });

// ── measurement ─────────────────────────────────────────────────────────────────────────────────

let sink = 0;
/** Iterations per second of `fn(input)` over about `ms` milliseconds. */
function opsPerSecond(fn, input, ms) {
  let iterations = 0;
  const start = process.hrtime.bigint();
  const limit = BigInt(Math.round(ms * 1e6));
  let elapsed = 0n;
  while (elapsed < limit) {
    for (let i = 0; i < 1000; i++) sink += fn(input) === undefined ? 0 : 1;
    iterations += 1000;
    elapsed = process.hrtime.bigint() - start;
  }
  return (iterations * 1e9) / Number(elapsed);
}

/** ROUNDS alternating measurements of both parsers (ops/s each), after a warm-up that lets the JIT settle. */
const ROUNDS = 5;
function compare(codecMatch, hand, input, duration) {
  opsPerSecond(codecMatch, input, 100);
  opsPerSecond(hand, input, 100);
  const codecOps = [];
  const handOps = [];
  for (let round = 0; round < ROUNDS; round++) {
    codecOps.push(opsPerSecond(codecMatch, input, duration / ROUNDS));
    handOps.push(opsPerSecond(hand, input, duration / ROUNDS));
  }
  return [codecOps, handOps];
}

const messages = [
  ['text: <STATUS:3,7,-3.50,LOCKED,Studio B>\\r\\n', status.match, handStatus, Buffer.from('<STATUS:3,7,-3.50,LOCKED,Studio B>\r\n', 'latin1')],
  ['text miss: status bytes vs <ERR:…> layout', error.match, handError, Buffer.from('<STATUS:3,7,-3.50,LOCKED,Studio B>\r\n', 'latin1')],
  ['binary: STX code len T H P S bcc ETX (14 B)', readings.match, handReadings, Buffer.from('02900A00D701C2447D500000E703', 'hex')],
  ['one string: JSON message (96 B)', json.match, handJson, Buffer.from(JSON.stringify({ type: 'status', output: 3, input: 7, gain: -3.5, lock: 'LOCKED', label: 'Studio B', ts: 1732550400 }))],
];

export async function measure({ quick, log }) {
  const duration = quick ? 250 : 1000;
  const rows = [];
  for (const [name, codecMatch, hand, input] of messages) {
    deepStrictEqual(codecMatch(input), hand(input), `${name}: codec and hand-written parser disagree`);
    log(`codec: ${name}`);
    const [codecOps, handOps] = compare(codecMatch, hand, input, duration);
    rows.push(
      row({
        measure: name,
        unit: 'ops/s',
        value: summarize(codecOps),
        baseline: { label: 'hand-written', ...summarize(handOps) },
        ratio: ratioSeries(codecOps, handOps),
      }),
    );
  }
  if (sink === -1) log(String(sink));
  return {
    title: `Codec — match (decode + verify) vs a hand-written parser of the same message, median of ${ROUNDS} rounds of ${duration / ROUNDS} ms`,
    notes: ['the first row is the message the push and round-trip benchmarks exchange'],
    rows,
  };
}

if (isMain(import.meta.url)) await runCase(measure);
