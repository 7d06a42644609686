/**
 * Lookups over a `ProtocolSpec` from the device's side: which commands a connection accepts, what it
 * answers them with, what it pushes. Computed once per mock device.
 */
import type { CommandSpec, ConnectionSpec, PairSpec, ParamSpec, ProtocolSpec, ResponseSpec } from '@protogen-dm/runtime';
import { byId } from '@protogen-dm/runtime/rules';
import type { ConnectionRef } from './types.js';

/** A command a connection accepts, with the pairs that send it there. */
export interface AcceptedCommand {
  readonly command: CommandSpec;
  /** Pairs with responses: the first response of the first of them is the answer. */
  readonly answering: readonly PairSpec[];
  /** Whether a push pair (no responses) sends it: receiving it starts the push stream. */
  readonly startsPush: boolean;
}

/** The device's view of a protocol. */
export class ProtocolMap {
  readonly spec: ProtocolSpec;
  readonly #params: ReadonlyMap<number, ParamSpec>;
  readonly #accepted = new Map<number, readonly AcceptedCommand[]>();
  readonly #pushed = new Map<number, readonly ResponseSpec[]>();

  constructor(spec: ProtocolSpec) {
    this.spec = spec;
    this.#params = byId(spec.params);
    for (const connection of spec.connections) {
      this.#accepted.set(connection.id, acceptedCommands(spec, connection.id));
      this.#pushed.set(connection.id, pushedResponses(spec, connection.id));
    }
  }

  /** The connection with this id or key. @throws Error for one the protocol does not have. */
  connection(ref: ConnectionRef): ConnectionSpec {
    const found = this.spec.connections.find((connection) =>
      typeof ref === 'number' ? connection.id === ref : connection.key === ref,
    );
    if (found === undefined) {
      const known = this.spec.connections.map((connection) => `${connection.id} '${connection.key}'`).join(', ');
      throw new Error(`protocol '${this.spec.name}' has no WebSocket connection ${JSON.stringify(ref)} (it has ${known})`);
    }
    return found;
  }

  /** The response with this key or id. @throws Error for one the protocol does not have. */
  response(ref: string | number): ResponseSpec {
    const found = this.spec.responses.find((response) =>
      typeof ref === 'number' ? response.id === ref : response.key === ref,
    );
    if (found === undefined) throw new Error(`protocol '${this.spec.name}' has no response ${JSON.stringify(ref)}`);
    return found;
  }

  /** The first response of a pair. */
  answerOf(pair: PairSpec): ResponseSpec | undefined {
    const id = pair.responses[0];
    return id === undefined ? undefined : this.response(id);
  }

  /** Commands sent on this connection by some pair, in protocol order. */
  accepted(connection: number): readonly AcceptedCommand[] {
    return this.#accepted.get(connection) ?? [];
  }

  /** What a push stream on this connection sends, in turn. */
  pushed(connection: number): readonly ResponseSpec[] {
    return this.#pushed.get(connection) ?? [];
  }

  /** Whether commands on this connection go as text frames (the frame type for unprompted sends). */
  prefersText(connection: number): boolean {
    return this.accepted(connection).some((accepted) => accepted.command.text);
  }

  /** The params of a command or response, in content order. */
  params(frame: CommandSpec | ResponseSpec): ParamSpec[] {
    return frame.params.flatMap((id) => {
      const param = this.#params.get(id);
      return param === undefined ? [] : [param];
    });
  }
}

function acceptedCommands(spec: ProtocolSpec, connection: number): AcceptedCommand[] {
  const pairs = spec.pairs.filter((pair) => pair.connection === connection);
  return spec.commands.flatMap((command) => {
    const users = pairs.filter((pair) => pair.command === command.id);
    if (users.length === 0) return [];
    return [
      {
        command,
        answering: users.filter((pair) => pair.responses.length > 0),
        startsPush: users.some((pair) => pair.responses.length === 0),
      },
    ];
  });
}

/**
 * The connection's responses (`Connection:N`) that no pair expects as its answer: those are what the
 * device volunteers. Pushing an answer of a request pair would complete whatever call is in flight, so
 * those are pushed only when the connection has nothing else.
 */
function pushedResponses(spec: ProtocolSpec, connection: number): ResponseSpec[] {
  const own = spec.responses.filter((response) => response.connection === connection);
  const answers = new Set(spec.pairs.flatMap((pair) => [...pair.responses, ...pair.badResponses]));
  const volunteered = own.filter((response) => !answers.has(response.id));
  return volunteered.length > 0 ? volunteered : own;
}
