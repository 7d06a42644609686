// The smart-serial cutting rules written the plain way, one result object and one view per frame,
// as runtime/src/framers/smart-serial-framer.ts had them before it searched in place: the oracle the
// framer's property test compares against. Whole-stream only (no limit, no raw chunks).
import { hexToBytes } from '@protogen-dm/runtime/codec';
import type { DelimiterSpec } from '@protogen-dm/runtime';

interface Delimiter {
  readonly header: Uint8Array | undefined;
  readonly trailer: Uint8Array;
}

/** Feeds chunks, records `m:<hex>` per frame and `d:<hex>` per discarded run, like the test sink. */
export class ReferenceSmartSerialFramer {
  readonly out: string[] = [];
  readonly #delimiters: readonly Delimiter[];
  #held: Buffer = Buffer.alloc(0);

  constructor(delimiters: readonly DelimiterSpec[]) {
    this.#delimiters = delimiters.map((d) => ({ header: d.header === undefined ? undefined : hexToBytes(d.header), trailer: hexToBytes(d.trailer) }));
  }

  push(chunk: Uint8Array): void {
    this.#held = Buffer.concat([this.#held, chunk]);
    for (;;) {
      const cut = this.#nextCut(this.#held);
      if (cut === undefined) return;
      if (cut.skip > 0) this.out.push(`d:${this.#held.subarray(0, cut.skip).toString('hex')}`);
      this.#held = this.#held.subarray(cut.skip);
      if (cut.length === 0) return;
      this.out.push(`m:${this.#held.subarray(0, cut.length).toString('hex')}`);
      this.#held = this.#held.subarray(cut.length);
    }
  }

  #nextCut(bytes: Uint8Array): { skip: number; length: number } | undefined {
    for (const delimiter of this.#delimiters) {
      const header = delimiter.header;
      if (header === undefined || !startsWith(bytes, header)) continue;
      const end = indexOf(bytes, delimiter.trailer, header.length);
      return end === -1 ? undefined : { skip: 0, length: end + delimiter.trailer.length };
    }
    let trailerEnd = -1;
    let trailerAt = Number.POSITIVE_INFINITY;
    let headerAt = Number.POSITIVE_INFINITY;
    let headerOf: Delimiter | undefined;
    for (const delimiter of this.#delimiters) {
      const at = indexOf(bytes, delimiter.trailer, 0);
      if (at !== -1 && at < trailerAt) {
        trailerAt = at;
        trailerEnd = at + delimiter.trailer.length;
      }
      const header = delimiter.header;
      if (header === undefined) continue;
      const h = indexOf(bytes, header, 0);
      if (h !== -1 && h < headerAt) {
        headerAt = h;
        headerOf = delimiter;
      }
    }
    if (headerOf !== undefined && headerAt <= trailerAt) {
      const header = headerOf.header as Uint8Array;
      const end = indexOf(bytes, headerOf.trailer, headerAt + header.length);
      return { skip: headerAt, length: end === -1 ? 0 : end + headerOf.trailer.length - headerAt };
    }
    if (trailerEnd !== -1) return { skip: 0, length: trailerEnd };
    return undefined;
  }
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

/** Plain search: every start position, every byte compared. */
function indexOf(bytes: Uint8Array, needle: Uint8Array, from: number): number {
  for (let i = from; i + needle.length <= bytes.length; i++) if (needle.every((byte, j) => bytes[i + j] === byte)) return i;
  return -1;
}
