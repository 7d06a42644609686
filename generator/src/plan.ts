/**
 * Stage 3, plan: a checked model → the plan of one generated file. Every name registered up front (so
 * naming is final and collision free before a line is emitted), the runtime spec, and what each
 * emitter needs to write. It reports nothing: it runs only on a model the check stage passed, and a
 * name it cannot find is a bug that throws.
 */
import type { ConnectionSpec, PairSpec, ParamSpec, ProtocolSpec } from '@protogen-dm/runtime';
import { structuralRoles } from '@protogen-dm/runtime/rules';
import type { ConnectionModel, PairModel, ParamModel, ProtocolModel, Reference } from './model.js';
import { modelIndex } from './model-index.js';
import { camelCase, driverMembers, kebabCase, moduleScope, NameScope, pascalCase, type Names } from './names.js';
import { paramSpec, readTwins, roleOf, typed, valueKind } from './param-spec.js';
import { planPolling } from './plan-polling.js';
import { parseNumber } from './read-util.js';
import { planSessions, type PlannedSession } from './plan-http.js';
import { planSnmp, snmpConnectionSpec, type PlannedSnmp } from './plan-snmp.js';
import { addSerialFacts, delimitingParams, latin1ParamIds, type Delimiting } from './plan-serial.js';
import { discreteParams, drivenConnections, isDiscrete, runnablePairs } from './scope.js';
import { httpConnections } from './scope-http.js';
import { polledSnmpParams, snmpConnections } from './scope-snmp.js';
import { badCommandType, responsesType } from './type-text.js';

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
  /** One method per HTTP session (plan-http.ts). */
  readonly sessions: readonly PlannedSession<PlannedParam>[];
  /** The group-key union (`FooGroup = 'statusPoll' | …`), when the protocol has groups. */
  readonly groups: { readonly typeName: string; readonly union: string } | undefined;
  /** SNMP reads, writes, tables and traps (plan-snmp.ts), when the protocol has an SNMP connection. */
  readonly snmp: PlannedSnmp<PlannedParam> | undefined;
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
  /** One per value: its PascalCase key, its display text, the value typed like the param (a number for double params). */
  readonly entries: readonly { readonly key: string; readonly display: string; readonly value: string | number }[];
}

/** An exported type alias of the generated module: its name and its TypeScript text. */
export interface PlannedType {
  readonly name: string;
  readonly type: string;
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
  /** `GetStatusResult`, what the method resolves with; undefined for a push pair (`void`). */
  readonly result: PlannedType | undefined;
  /** `SetLabelBadCommand`, what it rejects with when the device refuses it; undefined without bad-command responses. */
  readonly badCommand: PlannedType | undefined;
}

export function planProtocol(model: ProtocolModel): Plan {
  const baseName = model.name ?? fileStem(model.file);
  const top = moduleScope();
  const names = planTopNames(baseName, top);
  const driven = [...drivenConnections(model), ...httpConnections(model), ...snmpConnections(model)].sort((a, b) => a.id - b.id);
  const params = planParams(model, top);
  const connectionKeys = new NameScope().assign(driven, 'connection', 'camel');
  const responseKeys = new NameScope().assign(model.responses, 'response', 'camel');
  // Pair and session methods share one name scope.
  const methodNames = new NameScope(driverMembers);
  const methods = planMethods(model, runnablePairs(model), params.planned, responseKeys, top, methodNames);
  const sessions = planSessions(model, methodNames, params.planned, baseNameOf(model.file), top);
  const polling = planPolling(model, { pairs: new Set(methods.map((method) => method.pair.id)), sessions: new Set(sessions.map((session) => session.session.id)), params: polledSnmpParams(model) });
  const snmp = planSnmp(model, params.planned, names.className, top);
  const dynamicIps = dynamicIpParams(model.params);
  const delimiting = delimitingParams(model.params, params.specs);
  const spec: ProtocolSpec = {
    name: baseName,
    version: model.version,
    connections: driven.map((connection) => connectionSpec(connection, connectionKeys.of(connection.id), model, dynamicIps, delimiting)),
    params: withEncodings(params.specs, latin1ParamIds(model)),
    commands: commandSpecs(model),
    responses: model.responses.map((response) => ({ id: response.id, key: responseKeys.of(response.id), params: response.params.map((param) => param.id), connection: response.connection?.id ?? 0 })),
    pairs: methods.map((method) => method.spec),
    ...(sessions.length > 0 ? { sessions: sessions.map((session) => session.spec) } : {}),
    ...(polling.spec && { polling: polling.spec }),
    ...(snmp && { snmp: snmp.spec }),
  };
  return {
    model,
    fileName: fileNameOf(baseName, model.file),
    source: baseNameOf(model.file),
    ...names,
    spec,
    valueParams: params.values,
    discretes: params.discretes,
    connections: driven.map((connection) => ({ model: connection, key: connectionKeys.of(connection.id) })),
    methods,
    sessions,
    groups: polling.groupKeys.length === 0 ? undefined : { typeName: top.claim(`${names.className.replace(/Driver$/, '')}Group`, 0), union: polling.groupKeys.map((key) => `'${key}'`).join(' | ') },
    snmp,
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
  /** `Plan.valueParams`. */
  readonly values: readonly PlannedParam[];
  readonly specs: ParamSpec[];
  readonly discretes: PlannedDiscrete[];
}

/** Names, types and runtime specs of every param; discrete types claim module-level names. */
function planParams(model: ProtocolModel, top: NameScope): PlannedParams {
  const params = model.params;
  const twins = readTwins(params);
  // A write param with a read twin is named `<name>Set` (`Gain` → `gain` and `gainSet`) instead of getting its id appended.
  const keys = new NameScope().list(params.map((param) => (twins.has(param.id) ? { id: param.id, name: `${param.name} Set` } : param)), 'param', 'camel');
  const own = new Set(discreteParams(params));
  const discretes = planDiscretes([...own].filter((param) => !sharesTwinType(param, twins.get(param.id))), top);
  const discreteById = new Map(discretes.map((discrete) => [discrete.param.id, discrete]));
  const typeOf = (param: ParamModel): PlannedDiscrete | undefined => {
    const twin = twins.get(param.id);
    return discreteById.get(param.id) ?? (twin && sharesTwinType(param, twin) ? discreteById.get(twin.id) : undefined);
  };
  const planned = new Map<number, PlannedParam & { readonly structural: boolean }>();
  const values: PlannedParam[] = [];
  const specs = params.map((param, index) => {
    const key = keys[index] as string;
    const discrete = typeOf(param);
    const item = { model: param, key, type: discrete?.typeName ?? valueKind(param), mayBeAbsent: mayBeAbsent(param), structural: structuralRoles.has(roleOf(param)) };
    planned.set(param.id, item);
    if (!item.structural) values.push(item);
    const spec = paramSpec(param, key);
    return discrete && own.has(param) ? { ...spec, discretes: discrete.entries.map((entry) => entry.value) } : spec;
  });
  return { planned, values, specs, discretes };
}

/** One method per pair: its name, its arguments (the command's data params) and its responses' values. */
function planMethods(
  model: ProtocolModel,
  pairs: readonly PairModel[],
  planned: PlannedParams['planned'],
  responseKeys: Names,
  top: NameScope,
  methodScope: NameScope,
): PlannedMethod[] {
  const { commands, responses } = modelIndex(model);
  const methodNames = methodScope.list(pairs, 'pair', 'camel');
  const dataParams = (ids: readonly { id: number }[]): PlannedParam[] => {
    const found: PlannedParam[] = [];
    for (const { id } of ids) {
      const param = planned.get(id);
      // A param listed twice in one frame is one argument or value.
      if (param && !param.structural && !found.includes(param)) found.push(param);
    }
    return found;
  };
  const frameParams = (reference: Reference): PlannedParam[] => dataParams(responses.get(reference.id)?.params ?? []);
  const source = baseNameOf(model.file);
  return pairs.map((pair, index) => {
    const key = methodNames[index] as string;
    const results = pair.responses.map((reference) => ({ id: reference.id, key: responseKeys.of(reference.id), values: frameParams(reference) }));
    const typeStem = pascalCase(key);
    const typeName = (suffix: string): string => top.claim(`${typeStem}${suffix}`, pair.id);
    return {
      pair,
      spec: pairSpec(pair, key, `${source}:${model.lines.line(pair.at)}`),
      args: dataParams(commands.get(pair.command?.id ?? -1)?.params ?? []),
      responses: results,
      result: results.length === 0 ? undefined : { name: typeName('Result'), type: responsesType(results) },
      badCommand: pair.badResponses.length === 0 ? undefined : { name: typeName('BadCommand'), type: badCommandType(key, pair.badResponses.map(frameParams)) },
    };
  });
}

function commandSpecs(model: ProtocolModel): ProtocolSpec['commands'] {
  const keys = new NameScope().list(model.commands, 'command', 'camel');
  return model.commands.map((command, index) => ({ id: command.id, key: keys[index] as string, params: command.params.map((param) => param.id), text: command.text }));
}

/**
 * A write twin takes the discrete type of its read twin (`RouterMode`, not a copy `RouterMode_12`)
 * when it lists no values of its own or the same ones.
 */
function sharesTwinType(param: ParamModel, twin: ParamModel | undefined): boolean {
  if (!twin || !isDiscrete(twin)) return false;
  const values = (item: ParamModel): string => item.discretes.map((discrete) => discrete.value).join('\u0000');
  return !isDiscrete(param) || values(param) === values(twin);
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
  if (pair.receiveIntervalMs !== undefined) spec.receiveIntervalMs = pair.receiveIntervalMs;
  // Last, so the JSON of a pair reads ids first and the XML line at the end.
  spec.source = source;
  return spec;
}

/** Params whose strings are one byte per character get `encoding: 'latin1'` (contract §9). */
function withEncodings(specs: readonly ParamSpec[], latin1: ReadonlySet<number>): ParamSpec[] {
  return specs.map((spec) => (latin1.has(spec.id) ? { ...spec, encoding: 'latin1' } : spec));
}

/** The first param holding each connection's dynamic IP, by connection id: one walk of the params for all connections. */
function dynamicIpParams(params: readonly ParamModel[]): ReadonlyMap<number, number> {
  const found = new Map<number, number>();
  for (const param of params) if (param.dynamicIp && !found.has(param.dynamicIp.id)) found.set(param.dynamicIp.id, param.id);
  return found;
}

function connectionSpec(connection: ConnectionModel, key: string, model: ProtocolModel, dynamicIps: ReadonlyMap<number, number>, delimiting: readonly Delimiting[]): ConnectionSpec {
  const spec: { -readonly [K in keyof ConnectionSpec]: ConnectionSpec[K] } = { id: connection.id, key, name: connection.name };
  if (connection.kind === 'http') spec.kind = 'http';
  if (connection.kind === 'snmp') {
    spec.kind = 'snmp';
    spec.snmp = snmpConnectionSpec(model, connection);
  }
  addSerialFacts(spec, connection, delimiting);
  if (connection.timeoutMs !== undefined) spec.timeoutMs = connection.timeoutMs;
  if (connection.retries !== undefined) spec.retries = connection.retries;
  // SNMP agents listen on 161 unless the XML says otherwise.
  if (connection.port !== undefined || connection.kind === 'snmp') spec.port = connection.port ?? 161;
  if (connection.statusParam) spec.statusParam = connection.statusParam.id;
  const dynamicIp = dynamicIps.get(connection.id);
  if (dynamicIp !== undefined) spec.dynamicIpParam = dynamicIp;
  const session = model.sessions.find((candidate) => candidate.id === connection.handshakeSession?.id);
  if (session) {
    const headers = session.headers.flatMap((header) => (header.param ? [{ name: header.name, param: header.param.id }] : []));
    spec.handshake = session.pathParam ? { pathParam: session.pathParam.id, headers } : { headers };
  }
  return spec;
}

/**
 * Discrete params: a const of PascalCase key → value and a literal union type, both PascalCase. Keys
 * follow the naming rules (`Power Cycle` → `PowerCycle`, `H.264` → `H264`, a repeat gets `_<n>`, n
 * counting the values from 1); the display text stays in each key's JSDoc.
 */
function planDiscretes(params: readonly ParamModel[], top: NameScope): PlannedDiscrete[] {
  const names = top.assign(params, 'param', 'pascal');
  return params.map((param) => {
    const kind = valueKind(param);
    // A number param's value that is not a number is reported by the check stage and left out of the type.
    const values = [...param.discretes, ...(param.interprete?.exceptions ?? [])].filter((discrete) => kind === 'string' || parseNumber(discrete.value) !== undefined);
    const named = values.map((discrete, index) => ({ id: index + 1, name: discrete.display || discrete.value, value: discrete.value }));
    const keys = new NameScope().list(named, 'value', 'pascal');
    const entries = named.map((item, index) => ({ key: keys[index] as string, display: item.name, value: typed(item.value, kind) }));
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
