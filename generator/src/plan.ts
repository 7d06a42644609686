/**
 * Stage 3, plan: a checked model → the plan of one generated file. Every name registered up front (so
 * naming is final and collision free before a line is emitted), the runtime spec, and what each
 * emitter needs to write. It reports nothing: it runs only on a model the check stage passed, and a
 * name it cannot find is a bug that throws.
 */
import type { ConnectionSpec, PairSpec, ParamSpec, ProtocolSpec } from '@protogen-dm/runtime';
import { structuralRoles } from '@protogen-dm/runtime/rules';
import type { ConnectionModel, PairModel, ParamModel, ProtocolModel } from './model.js';
import { camelCase, driverMembers, kebabCase, moduleScope, NameScope, pascalCase, type Names } from './names.js';
import { paramSpec, roleOf, typed, valueKind } from './param-spec.js';
import { parseNumber } from './read-util.js';
import { discreteParams, runnablePairs, websocketConnections } from './scope.js';

export interface Plan {
  readonly model: ProtocolModel;
  /** Output file name, `websocket-demo.ts`. */
  readonly fileName: string;
  /** The XML file's base name, for JSDoc source locations. */
  readonly source: string;
  readonly className: string;
  readonly paramsName: string;
  readonly connectionsName: string;
  readonly protocolName: string;
  readonly spec: ProtocolSpec;
  /** Params that carry values (not fixed/header/trailer/length/crc), in id order. */
  readonly valueParams: readonly PlannedParam[];
  readonly discretes: readonly PlannedDiscrete[];
  readonly connections: readonly PlannedConnection[];
  readonly methods: readonly PlannedMethod[];
}

export interface PlannedParam {
  readonly model: ParamModel;
  readonly key: string;
  /** `string`, `number` or a discrete type name. */
  readonly type: string;
  /**
   * A decoded response may lack this value: the codec leaves a number out when its field is blank or
   * outside `Interprete/Range` (DataMiner ignores such values), so result types mark it optional.
   */
  readonly mayBeAbsent: boolean;
}

export interface PlannedDiscrete {
  readonly param: ParamModel;
  readonly typeName: string;
  /** Display text → value, typed like the param (a number for double params). */
  readonly entries: readonly { readonly display: string; readonly value: string | number }[];
}

export interface PlannedConnection {
  readonly model: ConnectionModel;
  readonly key: string;
}

export interface PlannedMethod {
  readonly pair: PairModel;
  readonly spec: PairSpec;
  /** Argument members (command data params), or empty when the command has none. */
  readonly args: readonly PlannedParam[];
  /** One entry per response, each with its data params. */
  readonly responses: readonly { readonly key: string; readonly id: number; readonly values: readonly PlannedParam[] }[];
}

export function planProtocol(model: ProtocolModel): Plan {
  const baseName = model.name ?? fileStem(model.file);
  const top = moduleScope();
  const names = planTopNames(baseName, top);
  const websockets = websocketConnections(model);
  const params = planParams(model, top);
  const connectionKeys = new NameScope().assign(websockets, 'connection', 'camel');
  const responseKeys = new NameScope().assign(model.responses, 'response', 'camel');
  const methods = planMethods(model, runnablePairs(model), params.planned, responseKeys);
  const spec: ProtocolSpec = {
    name: baseName,
    version: model.version,
    connections: websockets.map((connection) => connectionSpec(connection, connectionKeys.of(connection.id), model)),
    params: params.specs,
    commands: commandSpecs(model),
    responses: model.responses.map((response) => ({ id: response.id, key: responseKeys.of(response.id), params: response.params.map((param) => param.id), connection: response.connection?.id ?? 0 })),
    pairs: methods.map((method) => method.spec),
  };
  return {
    model,
    fileName: fileNameOf(baseName, model.file),
    source: baseNameOf(model.file),
    ...names,
    spec,
    valueParams: [...params.planned.values()].filter((param) => !param.structural),
    discretes: params.discretes,
    connections: websockets.map((connection) => ({ model: connection, key: connectionKeys.of(connection.id) })),
    methods,
  };
}

/** The driver class, params interface, connection union and protocol const: claimed first. */
function planTopNames(baseName: string, top: NameScope): Pick<Plan, 'className' | 'paramsName' | 'connectionsName' | 'protocolName'> {
  // A name that starts with a digit (`4K Encoder`) gets the kind in front, as members do: every one of
  // the four names must be an identifier, not only the class.
  const words = pascalCase(baseName) || 'Protocol';
  const pascal = /^\d/.test(words) ? `Protocol${words}` : words;
  const camel = camelCase(baseName) || 'protocol';
  return {
    className: top.claim(`${pascal}Driver`, 0),
    paramsName: top.claim(`${pascal}Params`, 0),
    connectionsName: top.claim(`${pascal}Connection`, 0),
    protocolName: top.claim(`${/^\d/.test(camel) ? `protocol${camel}` : camel}Protocol`, 0),
  };
}

interface PlannedParams {
  readonly planned: ReadonlyMap<number, PlannedParam & { readonly structural: boolean }>;
  readonly specs: ParamSpec[];
  readonly discretes: PlannedDiscrete[];
}

/** Names, types and runtime specs of every param; discrete types claim module-level names. */
function planParams(model: ProtocolModel, top: NameScope): PlannedParams {
  const params = model.params;
  const keys = new NameScope().assign(params.map(pairedWriteName(params)), 'param', 'camel');
  const discretes = planDiscretes(params, top);
  const discreteById = new Map(discretes.map((discrete) => [discrete.param.id, discrete]));
  const planned = new Map<number, PlannedParam & { readonly structural: boolean }>();
  const specs = params.map((param) => {
    const key = keys.of(param.id);
    const discrete = discreteById.get(param.id);
    planned.set(param.id, {
      model: param,
      key,
      type: discrete?.typeName ?? valueKind(param),
      mayBeAbsent: mayBeAbsent(param),
      structural: structuralRoles.has(roleOf(param)),
    });
    const spec = paramSpec(param, key);
    return discrete ? { ...spec, discretes: discrete.entries.map((entry) => entry.value) } : spec;
  });
  return { planned, specs, discretes };
}

/** One method per pair: its name, its arguments (the command's data params) and its responses' values. */
function planMethods(
  model: ProtocolModel,
  pairs: readonly PairModel[],
  planned: PlannedParams['planned'],
  responseKeys: Names,
): PlannedMethod[] {
  const commands = new Map(model.commands.map((command) => [command.id, command]));
  const responses = new Map(model.responses.map((response) => [response.id, response]));
  const methodNames = new NameScope(driverMembers).assign(pairs, 'pair', 'camel');
  const dataParams = (ids: readonly { id: number }[]): PlannedParam[] => {
    const found: PlannedParam[] = [];
    for (const { id } of ids) {
      const param = planned.get(id);
      // A param listed twice in one frame is one argument or value.
      if (param && !param.structural && !found.includes(param)) found.push(param);
    }
    return found;
  };
  return pairs.map((pair) => ({
    pair,
    spec: pairSpec(pair, methodNames.of(pair.id), `${baseNameOf(model.file)}:${pair.at.line}`),
    args: dataParams(commands.get(pair.command?.id ?? -1)?.params ?? []),
    responses: pair.responses.map((reference) => ({
      id: reference.id,
      key: responseKeys.of(reference.id),
      values: dataParams(responses.get(reference.id)?.params ?? []),
    })),
  }));
}

function commandSpecs(model: ProtocolModel): ProtocolSpec['commands'] {
  const keys = new NameScope().assign(model.commands, 'command', 'camel');
  return model.commands.map((command) => ({ id: command.id, key: keys.of(command.id), params: command.params.map((param) => param.id), text: command.text }));
}

/**
 * DataMiner pairs a write param with the read param of the same Name (the UI shows them as one). The
 * write one is named `<name>Set` (`Gain` → `gain` and `gainSet`) instead of getting its id appended.
 */
function pairedWriteName(params: readonly ParamModel[]): (param: ParamModel) => ParamModel {
  const readNames = new Set(params.filter((param) => roleOf(param) === 'read').map((param) => param.name));
  return (param) => (roleOf(param) === 'write' && readNames.has(param.name) ? { ...param, name: `${param.name} Set` } : param);
}

const textualRawTypes = new Set([undefined, 'other', 'text', 'numeric text']);

/** See `PlannedParam.mayBeAbsent`: blank numbers written as text, and any value with a range. */
function mayBeAbsent(param: ParamModel): boolean {
  const interprete = param.interprete;
  if (interprete?.low !== undefined || interprete?.high !== undefined) return true;
  return valueKind(param) === 'number' && textualRawTypes.has(interprete?.rawType?.toLowerCase());
}

function pairSpec(pair: PairModel, key: string, source: string): PairSpec {
  const spec: { -readonly [K in keyof PairSpec]: PairSpec[K] } = {
    id: pair.id,
    key,
    command: pair.command?.id ?? 0,
    responses: pair.responses.map((response) => response.id),
    badResponses: pair.badResponses.map((response) => response.id),
    connection: pair.connection?.id ?? 0,
  };
  if (pair.timeoutMs !== undefined) spec.timeoutMs = pair.timeoutMs;
  if (pair.retries !== undefined) spec.retries = pair.retries;
  // Last, so the JSON of a pair reads ids first and the XML line at the end.
  spec.source = source;
  return spec;
}

function connectionSpec(connection: ConnectionModel, key: string, model: ProtocolModel): ConnectionSpec {
  const spec: { -readonly [K in keyof ConnectionSpec]: ConnectionSpec[K] } = { id: connection.id, key, name: connection.name };
  if (connection.timeoutMs !== undefined) spec.timeoutMs = connection.timeoutMs;
  if (connection.retries !== undefined) spec.retries = connection.retries;
  if (connection.port !== undefined) spec.port = connection.port;
  if (connection.statusParam) spec.statusParam = connection.statusParam.id;
  const dynamicIp = model.params.find((param) => param.dynamicIp?.id === connection.id);
  if (dynamicIp) spec.dynamicIpParam = dynamicIp.id;
  const session = model.sessions.find((candidate) => candidate.id === connection.handshakeSession?.id);
  if (session) {
    const headers = session.headers.flatMap((header) => (header.param ? [{ name: header.name, param: header.param.id }] : []));
    spec.handshake = session.pathParam ? { pathParam: session.pathParam.id, headers } : { headers };
  }
  return spec;
}

/** Discrete params: a const of display text → value and a literal union type, both PascalCase. */
function planDiscretes(params: readonly ParamModel[], top: NameScope): PlannedDiscrete[] {
  const candidates = discreteParams(params);
  const names = top.assign(candidates, 'param', 'pascal');
  return candidates.map((param) => {
    const kind = valueKind(param);
    const entries: { display: string; value: string | number }[] = [];
    const displays = new Set<string>();
    const values = [...param.discretes, ...(param.interprete?.exceptions ?? [])];
    for (const discrete of values) {
      // Not a number for a number param: reported by the check stage, left out of the type.
      if (kind === 'number' && parseNumber(discrete.value) === undefined) continue;
      const text = discrete.display || String(discrete.value);
      // A repeated display text gets its value appended, then a counter while that is taken too (by an
      // earlier display that reads `A (2)`): the const must never have two keys of the same name.
      let display = text;
      for (let n = 1; displays.has(display); n++) display = n === 1 ? `${text} (${discrete.value})` : `${text} (${discrete.value}) ${n}`;
      displays.add(display);
      entries.push({ display, value: typed(discrete.value, kind) });
    }
    return { param, typeName: names.of(param.id), entries };
  });
}

/** Longest output file stem: file systems refuse names over 255 bytes (kebab-case is ASCII). */
const MAX_FILE_STEM = 100;

/** `WebSocket Demo` → `websocket-demo.ts`; a longer name is cut at the last word that fits. */
function fileNameOf(name: string, file: string): string {
  const stem = kebabCase(name) || kebabCase(fileStem(file)) || 'protocol';
  if (stem.length <= MAX_FILE_STEM) return `${stem}.ts`;
  const boundary = stem.lastIndexOf('-', MAX_FILE_STEM);
  return `${stem.slice(0, boundary > 0 ? boundary : MAX_FILE_STEM)}.ts`;
}

function baseNameOf(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

function fileStem(file: string): string {
  return baseNameOf(file).replace(/\.[^.]*$/, '');
}
