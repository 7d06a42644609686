/**
 * The codec: commands and responses of a `ProtocolSpec` ↔ bytes. Pure functions, no I/O.
 *
 * ```ts
 * const codec = createCodec(spec);
 * codec.command(1).build({ instance1Request: 'ping' }); // Uint8Array
 * codec.response(1).match(bytes);                      // Values or undefined
 * ```
 *
 * Layouts are compiled on first use of an id and cached, so creating a codec for a large protocol is
 * cheap. Rules: values.ts (one value), layout.ts (where fields end), builder.ts, matcher.ts, crc.ts.
 */

import { byId, type CommandSpec, type ParamSpec, type ProtocolSpec, type ResponseSpec } from '../spec.js';
import { buildFrame } from './builder.js';
import { compileLayout, type Layout, unmatchableReason } from './layout.js';
import { createMatcher } from './matcher.js';
import { createMeasure } from './measure.js';
import type { Codec, FrameCodec } from './types.js';

export type { Codec, FrameCodec, Values } from './types.js';
export { checksum, crcAlgorithms, type CrcAlgorithm } from './crc.js';
export { bytesToHex, hexToBytes } from './hex.js';
export { NOT_HERE } from './measure.js';

/**
 * Creates the codec of a protocol.
 * `command(id)` / `response(id)` throw an Error for an id the protocol does not have (or whose content
 * names a param it does not have); `build` throws RangeError for values it cannot encode faithfully; `match` and `measure` never throw.
 */
export function createCodec(spec: ProtocolSpec): Codec {
  const params = byId(spec.params);
  const commands = byId(spec.commands);
  const responses = byId(spec.responses);
  const commandCodecs = new Map<number, FrameCodec>();
  const responseCodecs = new Map<number, FrameCodec>();

  const frameCodec = (kind: 'command' | 'response', frame: CommandSpec | ResponseSpec | undefined, id: number): FrameCodec => {
    if (frame === undefined) throw new Error(`protocol '${spec.name}' has no ${kind} with id ${id}`);
    const name = `${kind} ${id} '${frame.key}'`;
    return createFrameCodec(compileLayout(name, frame.params.map((paramId) => paramOf(params, paramId, name))));
  };

  return {
    command(id) {
      let codec = commandCodecs.get(id);
      if (codec === undefined) commandCodecs.set(id, (codec = frameCodec('command', commands.get(id), id)));
      return codec;
    },
    response(id) {
      let codec = responseCodecs.get(id);
      if (codec === undefined) responseCodecs.set(id, (codec = frameCodec('response', responses.get(id), id)));
      return codec;
    },
  };
}

function paramOf(params: ReadonlyMap<number, ParamSpec>, id: number, frame: string): ParamSpec {
  const param = params.get(id);
  if (param === undefined) throw new Error(`${frame} contains param ${id}, which the protocol does not define`);
  return param;
}

/**
 * Why frames of the protocol can never match — a variable-length field followed by another before any
 * constant, an `other param` field without an earlier length, an unknown param — one line per frame;
 * empty when every command and response can match. Compiles every layout: meant for start-up checks
 * and tests, not the hot path.
 */
export function layoutProblems(spec: ProtocolSpec): string[] {
  const params = byId(spec.params);
  const frames = [
    ...spec.commands.map((frame) => ({ name: `command ${frame.id} '${frame.key}'`, frame })),
    ...spec.responses.map((frame) => ({ name: `response ${frame.id} '${frame.key}'`, frame })),
  ];
  const problems: string[] = [];
  for (const { name, frame } of frames) {
    try {
      const problem = frameProblem(name, frame.params.map((paramId) => paramOf(params, paramId, name)));
      if (problem !== undefined) problems.push(problem);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  return problems;
}

/**
 * Why a frame made of `params` (in order) can never match, or undefined when it can. The generator
 * reports this at generation time, so its diagnostics and the matcher can never disagree.
 */
export function frameProblem(name: string, params: readonly ParamSpec[]): string | undefined {
  return unmatchableReason(name, params);
}

/** The build/match pair of one compiled layout. */
export function createFrameCodec(layout: Layout): FrameCodec {
  const match = createMatcher(layout);
  return {
    build: (values, checkValues = false) => buildFrame(layout, values, checkValues),
    match,
    measure: createMeasure(layout),
  };
}
