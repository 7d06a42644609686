/**
 * The bytes of one pair's command, built again only when a value it reads differs from the last
 * build's. A driver that polls sends the same command with the same values again and again: the
 * frame is a pure function of the command's data values (and of whether they are checked), so the
 * last one is kept and handed out again instead of encoding every field per call.
 *
 *   const command = new CommandBytes(codec.command(2), ['queryOutput']);
 *   command.build({ queryOutput: 3 }, true);   // encoded
 *   command.build({ queryOutput: 3 }, true);   // the same Uint8Array, nothing encoded
 *
 * The bytes are shared by every call that gets them, so nothing may write into them: the transports
 * only send them (`ws` masks a read-only view into a copy of its own).
 */
import type { FrameCodec } from './codec/index.js';
import { propertyKey } from './codec/property-key.js';
import { structuralRoles, type ParamSpec } from './spec.js';

export class CommandBytes {
  readonly #frame: FrameCodec;
  /** The keys `build` reads values from: the command's data params (constants, lengths and crcs take none); internalized (property-key.ts). */
  readonly #keys: readonly string[];
  /** The values the last bytes were built from, in `#keys` order. */
  #values: readonly unknown[] = [];
  #bytes: Uint8Array | undefined;
  /** The last bytes were built with `checkValues`: they also serve a call that checks. */
  #checked = false;

  constructor(frame: FrameCodec, params: readonly ParamSpec[]) {
    this.#frame = frame;
    this.#keys = [...new Set(params.filter((param) => !structuralRoles.has(param.role)).map((param) => propertyKey(param.key)))];
  }

  /** As `FrameCodec.build`; the result must not be written into. @throws RangeError as `FrameCodec.build` does */
  build(values: Readonly<Record<string, unknown>>, checkValues: boolean): Uint8Array {
    const bytes = this.#bytes;
    if (bytes !== undefined && (this.#checked || !checkValues) && this.#same(values)) return bytes;
    // Read before building (in a new array: a value's getter may build this command again), kept only once the build succeeded.
    const read = this.#keys.map((key) => values[key]);
    const built = this.#frame.build(values, checkValues);
    this.#values = read;
    this.#bytes = built;
    this.#checked = checkValues;
    return built;
  }

  /** Every value the command reads is the one the last bytes were built from (SameValue: −0 is not 0). */
  #same(values: Readonly<Record<string, unknown>>): boolean {
    const keys = this.#keys;
    const last = this.#values;
    for (let i = 0; i < keys.length; i++) if (!Object.is(values[keys[i] as string], last[i])) return false;
    return true;
  }
}
