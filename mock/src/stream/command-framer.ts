/**
 * The mock's side of a byte stream: cuts what a driver writes into commands, with the same layouts
 * the driver builds them from. A command is complete as soon as one of the connection's commands
 * measures it (header + trailer, all fixed, a length field); bytes no command can start with are
 * handed on as one run (the device records them as unknown); when no command can tell where it ends
 * (a lone `next param` string, say), what arrived is taken as one command after `quietMs` of silence.
 * Bounded by `limit` bytes.
 *
 *   commands "COMMAND_A" (9 fixed bytes) and 02…03; chunk "COMMAND_ACOMM" → "COMMAND_A", then waits
 */
import { NOT_HERE, type FrameCodec } from '@protogen-dm/runtime/codec';

export class CommandFramer {
  readonly #commands: readonly FrameCodec[];
  readonly #quietMs: number;
  readonly #limit: number;
  readonly #emit: (bytes: Uint8Array) => void;
  #buffer: Buffer = Buffer.alloc(0);
  #quiet: NodeJS.Timeout | undefined;

  constructor(commands: readonly FrameCodec[], quietMs: number, limit: number, emit: (bytes: Uint8Array) => void) {
    this.#commands = commands;
    this.#quietMs = quietMs;
    this.#limit = limit;
    this.#emit = emit;
  }

  push(chunk: Uint8Array): void {
    this.stop();
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (let cut = this.#cut(this.#buffer); cut > 0; cut = this.#cut(this.#buffer)) {
      this.#emit(new Uint8Array(this.#buffer.subarray(0, cut)));
      this.#buffer = this.#buffer.subarray(cut);
    }
    if (this.#buffer.length > this.#limit) this.#flush();
    if (this.#buffer.length > 0) this.#quiet = setTimeout(() => this.#flush(), this.#quietMs);
  }

  stop(): void {
    clearTimeout(this.#quiet);
    this.#quiet = undefined;
  }

  /** Length of the next command, or of the run no command can start in; 0 = wait. */
  #cut(bytes: Uint8Array): number {
    if (bytes.length === 0) return 0;
    const first = this.#measure(bytes);
    if (first !== NOT_HERE) return Math.max(first, 0);
    let skip = 1;
    while (skip < bytes.length && this.#measure(bytes.subarray(skip)) === NOT_HERE) skip++;
    return skip;
  }

  /**
   * The length of the first command whose measured bytes it matches; else 0 (wait) while some command
   * needs more bytes; else the first measured length; NOT_HERE when every command rules the start out.
   */
  #measure(bytes: Uint8Array): number {
    let misplaced = 0;
    let first = 0;
    let waiting = false;
    for (const command of this.#commands) {
      const length = command.measure(bytes);
      if (length > 0) {
        if (command.match(bytes.subarray(0, length)) !== undefined) return length;
        if (first === 0) first = length;
      } else if (length === NOT_HERE) misplaced++;
      else if (length === 0) waiting = true;
    }
    if (waiting) return 0;
    if (first > 0) return first;
    return misplaced === this.#commands.length && misplaced > 0 ? NOT_HERE : 0;
  }

  #flush(): void {
    this.#quiet = undefined;
    if (this.#buffer.length === 0) return;
    const all = new Uint8Array(this.#buffer);
    this.#buffer = Buffer.alloc(0);
    this.#emit(all);
  }
}
