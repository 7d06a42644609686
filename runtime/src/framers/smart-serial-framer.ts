/**
 * DataMiner's smart-serial framing (contract §9, protocol-semantics §2.7): the device may send at any
 * time, so frames are cut without asking any pair, by the first rule that applies:
 * 1. delimiters (header/trailer params with `headerTrailerLink`): a header and its trailer make a
 *    frame; a trailer alone ends a frame that started at the front of the buffer (so a link's trailer
 *    also ends a frame whose header is not the link's); a header alone never ends anything. Bytes
 *    before a header, when no trailer comes first, are outside every frame: discarded (reported);
 * 2. none: raw chunks. What arrived is forwarded every 15 ms (DataMiner: "data is passed from SLPort
 *    to SLProtocol every 15 ms", Type@communicationOptions, RN 24282; a periodic tick, not silence),
 *    and at once each time `maxReceiveBuffer` bytes are buffered.
 * Bounded: more than `limit` bytes without a frame end are discarded.
 *
 *   link 1 = header 24 00 20, trailer FC; chunk "01 02 03 24 00 20 41 FC 42 FC"
 *   → discarded 01 02 03, message 24 00 20 41 FC, message 42 FC
 */
import { hexToBytes } from '../codec/hex.js';
import { indexOfByte } from '../codec/search.js';
import type { PairPlan } from '../plan.js';
import type { DelimiterSpec } from '../spec.js';
import type { FrameSink, Framer } from '../transport.js';
import { ByteBuffer } from './byte-buffer.js';

/** SLPort's forwarding period for raw chunks. */
export const RAW_CHUNK_PERIOD_MS = 15;

interface Delimiter {
  readonly header: Uint8Array | undefined;
  readonly trailer: Uint8Array;
}

export class SmartSerialFramer implements Framer {
  readonly #buffer = new ByteBuffer();
  readonly #delimiters: readonly Delimiter[];
  readonly #maxReceiveBuffer: number;
  readonly #limit: number;
  #tick: NodeJS.Timeout | undefined;
  #sink: FrameSink | undefined;
  /** The cut `#nextCut` found. */
  #skip = 0;
  #length = 0;

  constructor(delimiters: readonly DelimiterSpec[], maxReceiveBuffer: number | undefined, limit: number) {
    this.#delimiters = delimiters.map((d) => ({ header: d.header === undefined ? undefined : hexToBytes(d.header), trailer: hexToBytes(d.trailer) }));
    this.#limit = limit;
    this.#maxReceiveBuffer = Math.min(maxReceiveBuffer ?? limit, limit);
  }

  push(chunk: Uint8Array, _expecting: PairPlan | undefined, sink: FrameSink): void {
    this.#sink = sink;
    this.#buffer.append(chunk);
    if (this.#delimiters.length > 0) this.#cutDelimited(sink);
    else this.#cutRaw(sink);
    if (this.#buffer.length > this.#limit) sink.discarded(this.#buffer.takeAll());
  }

  sending(): void {}

  end(): void {}

  stop(): void {
    clearTimeout(this.#tick);
    this.#tick = undefined;
    this.#sink = undefined;
  }

  /**
   * Cuts every frame the buffer holds. The bytes are searched and routed in place (one view per
   * chunk, not per frame): nothing changes the buffer's bytes until the next chunk.
   */
  #cutDelimited(sink: FrameSink): void {
    const bytes = this.#buffer.view();
    let at = 0;
    while (this.#nextCut(bytes, at)) {
      const skip = this.#skip;
      const length = this.#length;
      if (skip > 0) sink.discarded(this.#buffer.take(skip));
      if (length === 0) return;
      const start = at + skip;
      this.#buffer.drop(length);
      sink.message(bytes, start, start + length);
      at = start + length;
    }
  }

  /**
   * Where the next frame in `bytes[from…]` is: `#skip` bytes outside any frame, then a frame of
   * `#length` bytes (0 = its end has not arrived). False when nothing can be decided yet. (Two fields
   * rather than a result object: this runs once per frame.)
   */
  #nextCut(bytes: Uint8Array, from: number): boolean {
    // The usual case first: a frame starts right here with a header.
    for (const delimiter of this.#delimiters) {
      const header = delimiter.header;
      if (header === undefined || !startsWith(bytes, from, header)) continue;
      const end = indexOf(bytes, delimiter.trailer, from + header.length);
      return end !== -1 && this.#cut(0, end + delimiter.trailer.length - from);
    }
    let trailerEnd = -1;
    let trailerAt = Number.POSITIVE_INFINITY;
    let headerAt = Number.POSITIVE_INFINITY;
    let headerOf: Delimiter | undefined;
    for (const delimiter of this.#delimiters) {
      const at = indexOf(bytes, delimiter.trailer, from);
      if (at !== -1 && at < trailerAt) {
        trailerAt = at;
        trailerEnd = at + delimiter.trailer.length;
      }
      const header = delimiter.header;
      if (header === undefined) continue;
      const h = indexOf(bytes, header, from);
      if (h !== -1 && h < headerAt) {
        headerAt = h;
        headerOf = delimiter;
      }
    }
    if (headerOf !== undefined && headerAt <= trailerAt) {
      const header = headerOf.header as Uint8Array;
      const end = indexOf(bytes, headerOf.trailer, headerAt + header.length);
      return this.#cut(headerAt - from, end === -1 ? 0 : end + headerOf.trailer.length - headerAt);
    }
    return trailerEnd !== -1 && this.#cut(0, trailerEnd - from);
  }

  #cut(skip: number, length: number): true {
    this.#skip = skip;
    this.#length = length;
    return true;
  }

  #cutRaw(sink: FrameSink): void {
    while (this.#buffer.length >= this.#maxReceiveBuffer) {
      const chunk = this.#buffer.take(this.#maxReceiveBuffer);
      sink.message(chunk, 0, chunk.length);
    }
    if (this.#buffer.length > 0 && this.#tick === undefined) this.#tick = setTimeout(SmartSerialFramer.#onTick, RAW_CHUNK_PERIOD_MS, this);
  }

  static #onTick(framer: SmartSerialFramer): void {
    framer.#tick = undefined;
    const sink = framer.#sink;
    if (sink === undefined || framer.#buffer.length === 0) return;
    const chunk = framer.#buffer.takeAll();
    sink.message(chunk, 0, chunk.length);
  }
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (bytes.length - at < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

function indexOf(bytes: Uint8Array, needle: Uint8Array, from: number): number {
  if (needle.length === 0) return -1;
  const first = needle[0] as number;
  outer: for (let i = indexOfByte(bytes, first, from); i !== -1 && i + needle.length <= bytes.length; i = indexOfByte(bytes, first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
