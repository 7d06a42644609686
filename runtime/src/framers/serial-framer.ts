/**
 * DataMiner's serial framing (contract §9, protocol-semantics §2.6): one exchange at a time, and only
 * the in-flight pair's responses say where a reply ends.
 * - Before each command goes out, whatever is buffered is discarded (reported, never routed), so a
 *   late reply to an earlier command can never answer this one.
 * - A reply is complete as soon as one of the pair's responses measures it (header + trailer, all
 *   fields fixed, or a fixed-size length field); bytes before a response's leading constant (garbage)
 *   are discarded up to where it starts. Surplus bytes after a complete reply stay until the next flush.
 *   A complete reply that matches nothing (a failed length or crc check) fails the attempt at once.
 * - Otherwise what arrived is matched when the pair's time is up, or after `receiveInterval` ms of
 *   silence when the pair sets it.
 * - Bytes that arrive while no pair waits are discarded at once (a serial device does not push).
 * - Bounded: more than `limit` bytes without a complete reply are discarded.
 *
 *   expect `[START]…[END]`; chunks "xx[STA", "RT]ab[E", "ND]" → discarded "xx", message "[START]ab[END]"
 */
import { NOT_HERE } from '../codec/measure.js';
import type { PairPlan, ResponsePlan } from '../plan.js';
import type { FrameSink, Framer } from '../transport.js';
import { ByteBuffer } from './byte-buffer.js';

export class SerialFramer implements Framer {
  readonly #buffer = new ByteBuffer();
  readonly #limit: number;
  #silence: NodeJS.Timeout | undefined;
  #sink: FrameSink | undefined;

  constructor(limit: number) {
    this.#limit = limit;
  }

  push(chunk: Uint8Array, expecting: PairPlan | undefined, sink: FrameSink): void {
    if (expecting === undefined) {
      if (this.#buffer.length > 0) sink.discarded(this.#buffer.takeAll());
      sink.discarded(chunk);
      return;
    }
    this.#buffer.append(chunk);
    this.#cut(expecting, sink);
    if (this.#buffer.length > this.#limit) sink.discarded(this.#buffer.takeAll());
    this.#restartSilence(expecting, sink);
  }

  sending(): void {
    this.#stopSilence();
    if (this.#buffer.length > 0) this.#sink?.discarded(this.#buffer.takeAll());
  }

  end(_expecting: PairPlan | undefined, sink: FrameSink): void {
    this.#stopSilence();
    if (this.#buffer.length > 0) hand(sink, this.#buffer.takeAll());
  }

  stop(): void {
    this.#stopSilence();
    this.#sink = undefined;
  }

  /** Hands over the first complete reply, if the buffer holds one. */
  #cut(expecting: PairPlan, sink: FrameSink): void {
    this.#sink = sink;
    const responses = expecting.responses.length + expecting.badResponses.length;
    for (;;) {
      const bytes = this.#buffer.view();
      if (bytes.length === 0 || responses === 0) return;
      const length = completeLength(bytes, expecting, responses);
      if (length > 0) {
        const reply = this.#buffer.take(length);
        sink.reply(reply, 0, reply.length);
        return;
      }
      // Every response starts with a constant that is not here: skip to where one could start.
      if (length !== NOT_HERE) return;
      sink.discarded(this.#buffer.take(skipTo(bytes, expecting, responses)));
    }
  }

  #restartSilence(expecting: PairPlan, sink: FrameSink): void {
    const interval = expecting.receiveIntervalMs;
    if (interval === undefined) return;
    this.#stopSilence();
    if (this.#buffer.length === 0) return;
    this.#sink = sink;
    this.#silence = setTimeout(SerialFramer.#silent, interval, this);
  }

  static #silent(framer: SerialFramer): void {
    framer.#silence = undefined;
    const sink = framer.#sink;
    if (sink !== undefined && framer.#buffer.length > 0) hand(sink, framer.#buffer.takeAll());
  }

  #stopSilence(): void {
    clearTimeout(this.#silence);
    this.#silence = undefined;
  }
}

/** Routes what was buffered as one message (a copy: a reply may start the next command, which flushes the buffer). */
function hand(sink: FrameSink, bytes: Uint8Array): void {
  sink.message(bytes, 0, bytes.length);
}

function responseAt(pair: PairPlan, index: number): ResponsePlan {
  const responses = pair.responses;
  return (index < responses.length ? responses[index] : pair.badResponses[index - responses.length]) as ResponsePlan;
}

/**
 * Length of the complete reply at the start of `bytes`: the first response's length whose bytes that
 * response matches; else, while some response waits for more bytes, 0; else the first length any
 * response gives (the router then reports the mismatch); NOT_HERE = no response can start here.
 */
function completeLength(bytes: Uint8Array, pair: PairPlan, responses: number): number {
  let first = 0;
  let misplaced = 0;
  let waiting = false;
  for (let i = 0; i < responses; i++) {
    const frame = responseAt(pair, i).frame;
    const length = frame.measure(bytes);
    if (length > 0) {
      // One candidate: the router matches it anyway; several: the one that fits wins.
      if (responses === 1 || frame.match(bytes.subarray(0, length)) !== undefined) return length;
      if (first === 0) first = length;
    } else if (length === NOT_HERE) misplaced++;
    else if (length === 0) waiting = true;
  }
  if (waiting) return 0;
  return first > 0 ? first : misplaced === responses ? NOT_HERE : 0;
}

/** The first offset > 0 at which some response is not ruled out (the whole buffer when none is). */
function skipTo(bytes: Uint8Array, pair: PairPlan, responses: number): number {
  for (let offset = 1; offset < bytes.length; offset++) {
    const rest = bytes.subarray(offset);
    for (let i = 0; i < responses; i++) if (responseAt(pair, i).frame.measure(rest) !== NOT_HERE) return offset;
  }
  return bytes.length;
}
