/**
 * The spec compiled for the hot path: per pair, its command codec and the codecs of its responses; per
 * connection, the codecs of the responses that may arrive as push data. Built once per spec and shared
 * by every driver of that protocol (a thousand drivers need one set of codecs, not a thousand), so that
 * routing a message never looks anything up by id.
 */
import { createCodec, type Codec, type FrameCodec } from './codec/index.js';
import { CommandBytes } from './command-bytes.js';
import { byId, type ParamSpec, type ProtocolSpec } from './spec.js';
import { perSpec } from './per-spec.js';

/** A response the router can try: its identity and its decoder. */
export interface ResponsePlan {
  readonly id: number;
  readonly key: string;
  readonly frame: FrameCodec;
}

/** A pair ready to run: everything a call needs, resolved once. */
export interface PairPlan {
  readonly id: number;
  readonly key: string;
  /** Spec id of the connection its command goes out on. */
  readonly connection: number;
  /** Builds the command (again only when its values changed since the last call of the pair). */
  readonly command: CommandBytes;
  /** Sent as a text frame (else binary). */
  readonly text: boolean;
  readonly responses: readonly ResponsePlan[];
  readonly badResponses: readonly ResponsePlan[];
  /** False for push pairs: they resolve once written and never occupy the in-flight slot. */
  readonly expectsResponse: boolean;
  /** Several responses: the call resolves with `{ response, values }` instead of the values alone. */
  readonly multiple: boolean;
  /** `Pair@timeout`; the connection supplies the default. */
  readonly timeoutMs: number | undefined;
  /** `Pair@options retries:N`; the connection supplies the default. */
  readonly retries: number | undefined;
  /** `Pair@options receiveInterval:N`: on a byte stream, what arrived is matched after N ms of silence. */
  readonly receiveIntervalMs: number | undefined;
  readonly source: string | undefined;
}

/** Everything drivers of one protocol share. */
export interface CompiledProtocol {
  readonly paramsById: ReadonlyMap<number, ParamSpec>;
  readonly pairs: ReadonlyMap<number, PairPlan>;
  /** Per connection id, the responses tried as push data. */
  readonly push: ReadonlyMap<number, readonly ResponsePlan[]>;
}

/** The compiled form of `spec`, built on first use and shared by every driver of it. */
export const compileProtocol = perSpec((spec: ProtocolSpec): CompiledProtocol => {
  const codec = createCodec(spec);
  const paramsById = byId(spec.params);
  return {
    paramsById,
    pairs: planPairs(spec, codec, paramsById),
    push: new Map(spec.connections.map((connection) => [connection.id, planPush(spec, codec, connection.id)])),
  };
});

/** Compiles every pair of the spec, keyed by pair id. */
function planPairs(spec: ProtocolSpec, codec: Codec, paramsById: ReadonlyMap<number, ParamSpec>): Map<number, PairPlan> {
  const responses = planResponses(spec, codec);
  const commands = byId(spec.commands);
  const plans = new Map<number, PairPlan>();
  for (const pair of spec.pairs) {
    const command = commands.get(pair.command);
    if (command === undefined) throw new Error(`Pair ${pair.id} names command ${pair.command}, which the spec lacks`);
    const pick = (id: number): ResponsePlan => lookup(responses, id, `Pair ${pair.id} names response`);
    plans.set(pair.id, {
      id: pair.id,
      key: pair.key,
      connection: pair.connection,
      command: new CommandBytes(codec.command(command.id), command.params.flatMap((id) => paramsById.get(id) ?? [])),
      text: command.text,
      responses: pair.responses.map(pick),
      badResponses: pair.badResponses.map(pick),
      expectsResponse: pair.responses.length > 0 || pair.badResponses.length > 0,
      multiple: pair.responses.length > 1,
      timeoutMs: pair.timeoutMs,
      retries: pair.retries,
      receiveIntervalMs: pair.receiveIntervalMs,
      source: pair.source,
    });
  }
  return plans;
}

/** The responses that arrive on connection `connectionId` (push data when no pair claims them), in spec order. */
function planPush(spec: ProtocolSpec, codec: Codec, connectionId: number): ResponsePlan[] {
  return spec.responses
    .filter((response) => response.connection === connectionId)
    .map((response) => ({ id: response.id, key: response.key, frame: codec.response(response.id) }));
}

function planResponses(spec: ProtocolSpec, codec: Codec): Map<number, ResponsePlan> {
  return new Map(
    spec.responses.map((r) => [r.id, { id: r.id, key: r.key, frame: codec.response(r.id) }] as const),
  );
}

function lookup<T>(map: ReadonlyMap<number, T>, id: number, what: string): T {
  const found = map.get(id);
  if (found === undefined) throw new Error(`${what} ${id}, which the spec lacks`);
  return found;
}
