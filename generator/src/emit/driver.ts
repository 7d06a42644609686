/**
 * The driver class: one non-generic method per pair with explicit argument and return types.
 *
 *   <Pair id="1"><Name>Ping</Name><Content><Command>1</Command><Response>1</Response></Content></Pair> →
 *   ping(values: { readonly pingRequest: string }, options?: CallOptions): Promise<PingResult> {
 *     return this.request(1, values, options) as Promise<PingResult>;
 *   }
 *
 *   <Group id="1"><Name>Status Poll</Name>…</Group> →
 *   export type FooGroup = 'statusPoll';  and in the class  declare readonly polling: Polling<FooGroup>;
 *
 *   <Type>snmpv2</Type> (connection key snmpConnection) →
 *   class FooDriver extends Driver<FooParams, FooConnection, never, 'snmpConnection'> {
 *     declare readonly snmp: SnmpApi<FooSnmpReads, FooSnmpWrites, FooSnmpTables, FooSnmpTraps>; …
 */
import type { DriverView } from '../templates.compiled.js';
import type { Plan, PlannedMethod } from '../plan.js';
import { objectType } from '../type-text.js';
import { sourceLine } from './docs.js';
import { lazily, type ItemOf } from './lazy.js';
import { render } from './render.js';
import { sessionViews } from './sessions.js';
import { tsString } from './escape.js';

export function emitDriver(plan: Plan): string {
  return render.driver({
    className: plan.className,
    paramsName: plan.paramsName,
    connectionName: plan.connectionsName,
    protocolName: plan.protocolName,
    docLines: [
      `Driver for ${plan.spec.name}: one method per pair${plan.sessions.length > 0 ? ' and per HTTP session' : ''}; \`params\` holds every value received.`,
      'A method resolves with the typed values of its response, or rejects with PairTimeoutError,',
      `BadCommandError, ConnectionClosedError${plan.sessions.length > 0 ? ', HttpStatusError' : ''} or QueueFullError.`,
      ...(plan.snmp ? ['`snmp` gets and sets params by OID, reads tables and receives traps, by key; its calls reject with', 'PairTimeoutError (after the retries), SnmpError (an agent\'s error status) or ConnectionClosedError.'] : []),
      plan.model.description ?? '',
    ],
    methods: lazily(plan.methods, (method) => methodView(plan, method)),
    kindKeys: kindKeysArgument(plan),
    sessions: sessionViews(plan),
    ...(plan.groups && { groups: { ...plan.groups, docLines: ['Keys of the protocol\'s groups, for `driver.polling.runGroup(key)`.'] } }),
    ...(plan.snmp && { snmp: `SnmpApi<${[plan.snmp.names.reads, plan.snmp.names.writes, plan.snmp.names.tables, plan.snmp.names.traps].join(', ')}>` }),
  });
}

/** `, 'api'` (HTTP keys) and `, never, 'agent'` (then SNMP keys): the driver's type arguments after P and C, nothing when there are none. */
function kindKeysArgument(plan: Plan): string {
  const keys = (kind: string): string => plan.connections.filter((connection) => connection.model.kind === kind).map((connection) => tsString(connection.key)).join(' | ');
  const http = keys('http');
  const snmp = keys('snmp');
  if (snmp !== '') return `, ${http || 'never'}, ${snmp}`;
  return http === '' ? '' : `, ${http}`;
}

function methodView(plan: Plan, method: PlannedMethod): ItemOf<DriverView['methods']> {
  const hasArgs = method.args.length > 0;
  return {
    name: method.spec.key,
    docLines: methodDoc(plan, method),
    parameters: hasArgs ? `values: ${objectType(method.args, 'arguments')}, options?: CallOptions` : 'options?: CallOptions',
    valuesArgument: hasArgs ? 'values' : 'undefined',
    pairId: method.spec.id,
    returns: method.result?.name ?? 'void',
  };
}

function methodDoc(plan: Plan, method: PlannedMethod): string[] {
  const { pair, spec } = method;
  const facts = [`Pair ${pair.id}`, `Command ${spec.command}`];
  for (const id of spec.responses) facts.push(`Response ${id}`);
  for (const id of spec.badResponses) facts.push(`bad-command Response ${id}`);
  facts.push(`connection ${spec.connection}`);
  if (spec.timeoutMs !== undefined) facts.push(`timeout ${spec.timeoutMs} ms`);
  if (spec.retries !== undefined) facts.push(`retries ${spec.retries}`);
  facts.push(sourceLine(plan, pair.at));
  const lines = [pair.description ?? pair.name];
  if (spec.responses.length === 0) lines.push('Push mode: resolves once the command is handed to the socket; later messages land in `params`.');
  if (method.badCommand) lines.push(`A bad-command response rejects with \`${method.badCommand.name}\`.`);
  lines.push(facts.join(' · '));
  return lines;
}
