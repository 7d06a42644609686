/**
 * The spec compiled for the hot path: per pair, its command codec and the codecs of its responses; per
 * connection, the codecs of the responses that may arrive as push data. Built once per driver so that
 * routing a message never looks anything up by id.
 */
import type { Codec, FrameCodec } from './codec/index.js';
import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS } from './limits.js';
import type { ConnectionSpec, ProtocolSpec } from './spec.js';

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
  readonly command: FrameCodec;
  /** Sent as a text frame (else binary). */
  readonly text: boolean;
  readonly responses: readonly ResponsePlan[];
  readonly badResponses: readonly ResponsePlan[];
  /** False for push pairs: they resolve once written and never occupy the in-flight slot. */
  readonly expectsResponse: boolean;
  /** Several responses: the call resolves with `{ response, values }` instead of the values alone. */
  readonly multiple: boolean;
  /** Timeout per attempt when the call does not say: pair, else driver option, else connection, else 1500. */
  readonly timeoutMs: number;
  /** Retries when the call does not say: pair, else driver option, else connection, else 0. */
  readonly retries: number;
  readonly source: string | undefined;
}

/** Driver-wide defaults that sit between the pair's own values and the connection's. */
export interface PlanDefaults {
  readonly timeoutMs: number | undefined;
  readonly retries: number | undefined;
}

/** Compiles every pair of the spec, keyed by pair id. */
export function planPairs(spec: ProtocolSpec, codec: Codec, defaults: PlanDefaults): Map<number, PairPlan> {
  const responses = planResponses(spec, codec);
  const connections = new Map<number, ConnectionSpec>(spec.connections.map((c) => [c.id, c]));
  const commands = new Map(spec.commands.map((c) => [c.id, c]));
  const plans = new Map<number, PairPlan>();
  for (const pair of spec.pairs) {
    const command = commands.get(pair.command);
    if (command === undefined) throw new Error(`Pair ${pair.id} names command ${pair.command}, which the spec lacks`);
    const connection = connections.get(pair.connection);
    const pick = (id: number): ResponsePlan => lookup(responses, id, `Pair ${pair.id} names response`);
    plans.set(pair.id, {
      id: pair.id,
      key: pair.key,
      connection: pair.connection,
      command: codec.command(command.id),
      text: command.text,
      responses: pair.responses.map(pick),
      badResponses: pair.badResponses.map(pick),
      expectsResponse: pair.responses.length > 0 || pair.badResponses.length > 0,
      multiple: pair.responses.length > 1,
      timeoutMs: pair.timeoutMs ?? defaults.timeoutMs ?? connection?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retries: pair.retries ?? defaults.retries ?? connection?.retries ?? DEFAULT_RETRIES,
      source: pair.source,
    });
  }
  return plans;
}

/** The responses that arrive on connection `connectionId` (push data when no pair claims them), in spec order. */
export function planPush(spec: ProtocolSpec, codec: Codec, connectionId: number): ResponsePlan[] {
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
