/**
 * The SNMP connections of one mock device (driver-contract §11): one agent per connection, serving
 * the protocol's scalars and tables from the device's values; sets change those values; scripts
 * drop or delay the PDUs that touch an OID or param; traps go out on demand.
 */
import type { ConnectionSpec, ParamSpec, ProtocolSpec, SnmpTrapSpec } from '@protogen-dm/runtime';
import { byId } from '@protogen-dm/runtime/rules';
import type { Faults } from '../faults.js';
import { frameValues } from '../sample-values.js';
import type { Timers } from '../timers.js';
import type { ConnectionRef, MockValues, ReceivedPdu, SnmpMock, SnmpMockOptions, SnmpMockUser, SnmpScript, SnmpTrapOptions } from '../types.js';
import { SnmpAgent, type AgentDevice } from './agent.js';
import { MibView, tableRows } from './mib.js';
import { loadNetSnmp, netSnmpUser } from './net-snmp.js';
import { parseOid, startsWith, type Oid } from './oid.js';
import { answerGet, answerGetBulk, answerGetNext, answerSet, type Answer, type Varbind } from './requests.js';
import { trapBindings, trapOid } from './traps.js';

const MAX_RECORDED = 10_000;

export const DEFAULT_USER: SnmpMockUser = { name: 'protogen', authProtocol: 'sha', authKey: 'protogen-auth', privProtocol: 'aes', privKey: 'protogen-priv' };

/** What the SNMP side shares with its device. */
export interface SnmpDeviceSide {
  /** The device's values (`set()`); sets write the read param's new value here. */
  readonly overrides: MockValues;
  readonly faults: Faults;
  readonly timers: Timers;
  log(line: string): void;
}

export class SnmpSide implements SnmpMock {
  readonly agents: SnmpAgent[] = [];
  readonly getCommunity: string;
  readonly setCommunity: string;
  readonly user: SnmpMockUser;
  readonly #spec: ProtocolSpec;
  readonly #params: ReadonlyMap<number, ParamSpec>;
  readonly #device: SnmpDeviceSide;
  readonly #trapTarget: string | undefined;
  readonly #scripts = new Map<string | number, SnmpScript>();
  readonly #rows = new Map<number, readonly MockValues[]>();
  readonly #received: ReceivedPdu[] = [];
  /** Views by connection id, rebuilt after a value or the rows change. */
  readonly #views = new Map<number, MibView>();

  constructor(spec: ProtocolSpec, device: SnmpDeviceSide, options: SnmpMockOptions = {}) {
    this.#spec = spec;
    this.#params = byId(spec.params);
    this.#device = device;
    this.getCommunity = options.getCommunity ?? 'public';
    this.setCommunity = options.setCommunity ?? 'private';
    this.user = options.user ?? DEFAULT_USER;
    this.#trapTarget = options.trapTarget;
  }

  async listen(connection: ConnectionSpec, host: string, port: number): Promise<void> {
    this.agents.push(await SnmpAgent.listen(connection, host, port, this, this.#agentDevice(connection)));
  }

  agent(id: number): SnmpAgent | undefined {
    return this.agents.find((agent) => agent.connection.id === id);
  }

  /** The device's values changed: the objects are rebuilt on the next PDU. */
  changed(): void {
    this.#views.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.agents.map((agent) => agent.close()));
  }

  // SnmpMock

  script(target: string | number, script: SnmpScript | undefined): void {
    const key = typeof target === 'string' && parseOid(target) !== undefined ? target : this.#param(target).id;
    if (script?.delayMs !== undefined && !(Number.isFinite(script.delayMs) && script.delayMs >= 0)) throw new RangeError(`delayMs must be a finite number ≥ 0, got ${script.delayMs}`);
    if (typeof script?.drop === 'number' && !(Number.isInteger(script.drop) && script.drop >= 0)) throw new RangeError(`drop takes a whole number ≥ 0 or 'all', got ${script.drop}`);
    if (script === undefined) this.#scripts.delete(key);
    else this.#scripts.set(key, { ...script });
  }

  rows(table: string | number, rows: readonly MockValues[] | undefined): void {
    const param = this.#param(table);
    const spec = this.#spec.snmp?.tables.find((candidate) => candidate.param === param.id);
    if (spec === undefined) throw new Error(`param ${param.id} '${param.key}' is not an SNMP table`);
    const instance = spec.columns[0]?.instance === true ? this.#params.get(spec.columns[0].param)?.key : undefined;
    for (const row of rows ?? []) {
      const suffix = instance === undefined ? undefined : row[instance];
      if (suffix !== undefined && parseOid(String(suffix)) === undefined) throw new RangeError(`row instance '${suffix}' of ${param.key} is not an OID suffix (like '1' or '3.7')`);
    }
    if (rows === undefined) this.#rows.delete(param.id);
    else this.#rows.set(param.id, rows.map((row) => ({ ...row })));
    this.changed();
  }

  async sendTrap(trap: string | number, bindings: MockValues = {}, options: SnmpTrapOptions = {}): Promise<void> {
    const spec = this.#trap(trap);
    const target = parseTarget(options.target ?? this.#trapTarget);
    const oid = options.oid ?? trapOid(spec);
    if (parseOid(oid) === undefined) throw new RangeError(`trap OID '${oid}' is not an OID`);
    const values = { ...this.#device.overrides, ...bindings };
    const varbinds = trapBindings(spec, oid, this.#params, (param) => frameValues([param], values, 0)[param.key] ?? '');
    const snmp = await loadNetSnmp();
    const sessionOptions = { trapPort: target.port, transport: target.host.includes(':') ? 'udp6' : 'udp4' };
    const session =
      options.version === 'v3'
        ? snmp.createV3Session(target.host, netSnmpUser(snmp, this.user), { ...sessionOptions, version: snmp.Version3 })
        : snmp.createSession(target.host, this.getCommunity, { ...sessionOptions, version: snmp.Version2c });
    try {
      await new Promise<void>((resolve, reject) => {
        session.on('error', reject);
        session.trap(oid, varbinds, (error) => (error === null ? resolve() : reject(error)));
      });
      this.#device.log(`[snmp] trap ${oid} (${spec.key}) → ${target.host}:${target.port}, ${varbinds.length} bindings`);
    } finally {
      session.close();
    }
  }

  received(connection?: ConnectionRef): readonly ReceivedPdu[] {
    if (connection === undefined) return [...this.#received];
    const id = typeof connection === 'number' ? connection : this.#spec.connections.find((candidate) => candidate.key === connection)?.id;
    return this.#received.filter((pdu) => pdu.connection === id);
  }

  // The agents' side.

  #agentDevice(connection: ConnectionSpec): AgentDevice {
    return {
      received: (pdu, varbinds) => this.#decide(connection, pdu, varbinds),
      log: (line) => this.#device.log(line),
      after: (ms, run) => this.#device.timers.after(ms, run),
    };
  }

  /** Records the PDU and plans its answer: the device's faults first, then the scripts of what it touches. */
  #decide(connection: ConnectionSpec, pdu: ReceivedPdu, varbinds: readonly Varbind[]): { delayMs: number; answer: () => Answer } | undefined {
    this.#received.push(pdu);
    if (this.#received.length > MAX_RECORDED) this.#received.splice(0, this.#received.length - MAX_RECORDED);
    const who = pdu.user === undefined ? pdu.community : `user ${pdu.user}`;
    this.#device.log(`[conn ${connection.id}] ${pdu.version} ${pdu.type} ${pdu.oids.join(' ')} (${who})`);
    const view = this.#view(connection.id);
    const answer = this.#answer(view, pdu, varbinds);
    const touched = [...pdu.oids, ...answer.varbinds.map((varbind) => varbind.oid)].flatMap((oid) => {
      const arcs = parseOid(oid);
      return arcs === undefined ? [] : [arcs];
    });
    // A PDU the device drops does not use up a script's drop.
    const fault = this.#device.faults.next();
    const scripted = fault.drop ? undefined : this.#scriptsTouching(view, touched);
    if (fault.drop || scripted === undefined || scripted.drop) {
      this.#device.log(`[conn ${connection.id}] ${pdu.type} dropped`);
      return undefined;
    }
    const delayMs = Math.max(fault.delayMs, scripted.delayMs);
    return { delayMs, answer: () => (pdu.type === 'set' ? this.#applySet(connection.id, varbinds, pdu) : answer) };
  }

  #answer(view: MibView, pdu: ReceivedPdu, varbinds: readonly Varbind[]): Answer {
    const v1 = pdu.version === 'v1';
    switch (pdu.type) {
      case 'get':
        return answerGet(view, varbinds, v1);
      case 'getNext':
        return answerGetNext(view, varbinds, v1);
      case 'getBulk':
        return answerGetBulk(view, varbinds, pdu.nonRepeaters ?? 0, pdu.maxRepetitions ?? 0);
      case 'set':
        return answerSet(view, varbinds, this.#mayWrite(pdu)).answer;
    }
  }

  /** Checks the set again at answer time (values may have moved during a delay) and applies it. */
  #applySet(connection: number, varbinds: readonly Varbind[], pdu: ReceivedPdu): Answer {
    const { answer, changes } = answerSet(this.#view(connection), varbinds, this.#mayWrite(pdu));
    for (const change of changes) {
      if (change.cell === undefined) this.#device.overrides[change.param.key] = change.value;
      else this.#setCell(connection, change.cell, change.param.key, change.value);
      this.#device.log(`[conn ${connection}] set ${change.param.key}${change.cell === undefined ? '' : `.${change.cell.suffix.join('.')}`} = ${JSON.stringify(change.value)}`);
    }
    if (changes.length > 0) this.changed();
    return answer;
  }

  /** A set of one table cell: the table's current rows (scripted or samples) become its scripted rows, that cell changed. */
  #setCell(connection: number, cell: { readonly table: number; readonly suffix: Oid }, key: string, value: string | number): void {
    const table = this.#spec.snmp?.tables.find((candidate) => candidate.param === cell.table);
    if (table === undefined) return;
    const types = new Map((this.#spec.snmp?.params ?? []).map((entry) => [entry.param, entry.type]));
    const rows = tableRows(table, this.#params, types, { spec: this.#spec, connection, overrides: this.#device.overrides, rows: this.#rows });
    const suffix = cell.suffix.join('.');
    this.#rows.set(table.param, rows.map((row) => (row.suffix.join('.') === suffix ? { ...row.values, [key]: value } : { ...row.values })));
  }

  /** v1/v2c sets need the set community; a v3 user may set. */
  #mayWrite(pdu: ReceivedPdu): boolean {
    return pdu.version === 'v3' || pdu.community === this.setCommunity;
  }

  #view(connection: number): MibView {
    let view = this.#views.get(connection);
    if (view === undefined) {
      view = new MibView({ spec: this.#spec, connection, overrides: this.#device.overrides, rows: this.#rows });
      for (const problem of view.problems) this.#device.log(`[conn ${connection}] not served: ${problem}`);
      this.#views.set(connection, view);
    }
    return view;
  }

  /** Whether a script drops the PDU (using up one of its drops) and the longest delay of those it touches. */
  #scriptsTouching(view: MibView, touched: readonly Oid[]): { drop: boolean; delayMs: number } {
    let drop = false;
    let delayMs = 0;
    for (const [target, script] of this.#scripts) {
      const prefixes = typeof target === 'string' ? [parseOid(target) ?? []] : this.#prefixesOf(view, target);
      if (!touched.some((oid) => prefixes.some((prefix) => startsWith(oid, prefix)))) continue;
      delayMs = Math.max(delayMs, script.delayMs ?? 0);
      if (script.drop === 'all' || (script.drop ?? 0) > 0) {
        drop = true;
        if (typeof script.drop === 'number') this.#scripts.set(target, { ...script, drop: script.drop - 1 });
      }
    }
    return { drop, delayMs };
  }

  /** The OIDs a param's PDUs touch: its scalar's object, or its table's or column's cells. */
  #prefixesOf(view: MibView, param: number): Oid[] {
    return view.objects.filter((object) => object.params.includes(param)).map((object) => object.oid);
  }

  #param(ref: string | number): ParamSpec {
    const found = typeof ref === 'number' ? this.#params.get(ref) : this.#spec.params.find((param) => param.key === ref);
    if (found === undefined) throw new Error(`protocol '${this.#spec.name}' has no param ${JSON.stringify(ref)}`);
    return found;
  }

  #trap(ref: string | number): SnmpTrapSpec {
    const traps = this.#spec.snmp?.traps ?? [];
    const found = traps.find((trap) => (typeof ref === 'number' ? trap.param === ref : trap.key === ref));
    if (found === undefined) {
      const known = traps.map((trap) => `'${trap.key}'`).join(', ') || 'none';
      throw new Error(`protocol '${this.#spec.name}' has no trap receiver ${JSON.stringify(ref)} (it has ${known})`);
    }
    return found;
  }
}

/** `host:port` or `[v6]:port`. */
function parseTarget(target: string | undefined): { host: string; port: number } {
  if (target === undefined) throw new Error('sendTrap needs a target: pass { target: "host:port" } or the mock option snmp.trapTarget');
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target);
  const port = Number(match?.[2]);
  if (match?.[1] === undefined || !(port > 0 && port <= 65535)) throw new RangeError(`trap target '${target}' is not host:port`);
  return { host: match[1], port };
}
