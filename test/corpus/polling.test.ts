// Real public connectors with Timers (issue 15), read from a folder outside the repository: their licences
// forbid committing them. Set PROTOGEN_CORPUS to a folder of protocol XML files (SLC-C-Example_SNMP-Base,
// Big-Red-Button, Github-Repositories, HTTP-Async-Demo, GvAmpp, EmberPlus, HomeWizard, at the commits the
// README pins); without it this file is skipped and says so. For each file: it generates with no errors and
// its polling plan holds every timer and group of the XML with their references resolved. Then it polls
// its own mock over real sockets on 127.0.0.1: a driver whose driven connections (WebSocket, HTTP, serial,
// smart-serial, SNMP: v3 as the mock's user, wildcard params given a value) point at the mock built from the
// same XML, polling on a manual clock.
// `start()` and the first minute of every timer; a change of the param a `parameter change` trigger
// watches for each driven group still not run; `runGroup` for the rest (the groups a QAction queues with
// CheckTrigger). Every driven group must end `done` and nothing fail, each of its pairs' commands and
// sessions' requests must reach the mock, and every param their responses fill must be written.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileSpec } from '@protogen-dm/generator';
import { createMockDevice } from '@protogen-dm/mock';
import { Driver, type ConnectionSpec, type ProtocolSpec, type SnmpUser } from '@protogen-dm/runtime';
import type { GroupSpec } from '../../runtime/src/polling/spec.js';
import { structuralRoles } from '../../runtime/src/spec.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { Cleanup } from '../runtime/helpers.js';

const folder = process.env['PROTOGEN_CORPUS'];
/** The folder's protocols with a Timer outside comments (a folder may hold protocols without polling too). */
const files = folder === undefined ? [] : readdirSync(folder).filter((name) => name.endsWith('.xml') && countIn(readFileSync(join(folder, name), 'utf8'), 'Timers', 'Timer') > 0).sort();
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** Elements named `name` with an id inside `<section>`, outside comments: a count to compare the plan with. */
function countIn(xml: string, section: string, name: string): number {
  const body = new RegExp(`<${section}>([\\s\\S]*?)</${section}>`).exec(xml.replace(/<!--[\s\S]*?-->/g, ''))?.[1] ?? '';
  return body.match(new RegExp(`<${name}\\s[^>]*id=`, 'g'))?.length ?? 0;
}

/** The connection kinds a driver runs. */
const driven = (connection: ConnectionSpec | undefined): boolean =>
  connection !== undefined && (connection.kind === undefined || connection.kind === 'http' || connection.kind === 'serial' || connection.kind === 'smart-serial' || connection.kind === 'snmp');

/** Any protocol's driver, its connections to one mock, its polling on `clock`. */
class PolledDriver extends Driver<Record<string, unknown>, string, string> {
  constructor(spec: ProtocolSpec, urls: ReadonlyMap<number, string>, clock: ManualClock, user?: SnmpUser) {
    // An SNMPv3 connection signs in as the mock's user.
    const options = (connection: ConnectionSpec) => ({ url: urls.get(connection.id) as string, ...(connection.snmp?.version === 'v3' && { user }) });
    const connections = Object.fromEntries(spec.connections.map((connection) => [connection.key, urls.has(connection.id) ? options(connection) : (false as const)]));
    super(spec, { connections, polling: { clock, random: () => 0 } });
  }
}

/** What a group sends and fills: its pairs and sessions, the response params they fill, all on driven connections. */
function plan(spec: ProtocolSpec, group: GroupSpec): { pairs: number[]; sessions: number[]; snmp: number[]; inputs: number[]; paths: number[]; fills: number[]; drivable: boolean } {
  const connections = new Map(spec.connections.map((connection) => [connection.id, connection]));
  const pairs = new Map(spec.pairs.map((pair) => [pair.id, pair]));
  const sessions = new Map((spec.sessions ?? []).map((session) => [session.id, session]));
  const responses = new Map(spec.responses.map((response) => [response.id, response]));
  const params = new Map(spec.params.map((param) => [param.id, param]));
  const commands = new Map(spec.commands.map((command) => [command.id, command]));
  const result = { pairs: [] as number[], sessions: [] as number[], snmp: [] as number[], inputs: [] as number[], paths: [] as number[], fills: [] as number[], drivable: true };
  const snmpItems = new Set([...(spec.snmp?.params ?? []).map((param) => param.param), ...(spec.snmp?.tables ?? []).map((table) => table.param)]);
  for (const item of group.items) {
    if (item.kind === 'pair') {
      const pair = pairs.get(item.id);
      result.pairs.push(item.id);
      if (!driven(connections.get(pair?.connection ?? -1))) result.drivable = false;
      result.inputs.push(...(commands.get(pair?.command ?? -1)?.params ?? []).filter((param) => !structuralRoles.has(params.get(param)?.role ?? 'read')));
      for (const id of pair?.responses ?? []) {
        result.fills.push(...(responses.get(id)?.params ?? []).filter((param) => !structuralRoles.has(params.get(param)?.role ?? 'read')));
      }
    } else if (item.kind === 'session') {
      const session = sessions.get(item.id);
      result.sessions.push(item.id);
      if (!driven(connections.get(session?.connection ?? -1))) result.drivable = false;
      for (const request of session?.requests ?? []) {
        if (request.url === undefined && request.pathParam !== undefined) result.paths.push(request.pathParam);
        result.inputs.push(...[...request.headers, request.data, ...(request.parameters ?? [])].flatMap((value) => (value?.param === undefined ? [] : [value.param])));
        result.fills.push(...[request.statusParam, request.contentParam, ...request.responseHeaders.map((header) => header.param)].filter((id): id is number => id !== undefined));
      }
    } else if (item.kind === 'param') {
      // An SNMP read or table (the generator puts no other param in a group's items).
      result.snmp.push(item.id);
      if (!snmpItems.has(item.id)) result.drivable = false;
    }
  }
  if (result.pairs.length + result.sessions.length + result.snmp.length === 0) result.drivable = false;
  return { ...result, inputs: [...new Set(result.inputs)], paths: [...new Set(result.paths)], fills: [...new Set(result.fills)] };
}

/** Group id → a param whose change queues it (a `parameter change` trigger running an execute action). */
function changeTriggers(spec: ProtocolSpec): Map<number, number> {
  const plan = spec.polling;
  const result = new Map<number, number>();
  for (const trigger of plan?.triggers ?? []) {
    if (trigger.event !== 'parameter change' || trigger.type !== 'action' || trigger.on === undefined || trigger.condition !== undefined) continue;
    for (const id of trigger.ids) {
      const action = plan?.actions.find((candidate) => candidate.id === id);
      if (action?.on === 'group' && action.type.startsWith('execute') || action?.type === 'add to execute') for (const group of action.ids) if (!result.has(group)) result.set(group, trigger.on);
    }
  }
  return result;
}

/** Lets sockets and promises move, then the manual clock; bounded. */
async function step(clock: ManualClock, ms: number): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 1));
  clock.advance(ms);
}

if (folder === undefined || files.length === 0) {
  describe('polling corpus', () => {
    it.skip('skipped: set PROTOGEN_CORPUS to a folder of public connector XMLs with Timers to run it', () => undefined);
  });
} else {
  describe(`polling corpus in ${folder}`, () => {

    for (const file of files) {
      it(`${file}: plans every timer and group with their references resolved`, () => {
        const contents = readFileSync(join(folder, file));
        const result = compileSpec({ file, contents });
        expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
        const spec = result.spec as ProtocolSpec;
        const polling = spec.polling;
        expect(polling).toBeDefined();
        if (polling === undefined) return;
        const xml = contents.toString('utf8');
        expect(polling.timers).toHaveLength(countIn(xml, 'Timers', 'Timer'));
        expect(polling.groups).toHaveLength(countIn(xml, 'Groups', 'Group'));
        const groupIds = new Set(polling.groups.map((group) => group.id));
        for (const timer of polling.timers) for (const id of timer.groups) expect(groupIds).toContain(id);
        const pairs = new Set(spec.pairs.map((pair) => pair.id));
        for (const group of polling.groups) for (const item of group.items) if (item.kind === 'pair') expect(pairs).toContain(item.id);
      });
    }

    for (const file of files) {
      it(`${file}: polling runs every driven group against its mock`, async () => {
        const result = compileSpec({ file, contents: readFileSync(join(folder, file)) });
        expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
        const spec = result.spec as ProtocolSpec;
        const groups = (spec.polling?.groups ?? []).map((group) => ({ group, ...plan(spec, group) }));
        const drivenGroups = groups.filter((entry) => entry.drivable);
        const mock = cleanup.add(await createMockDevice(spec, { port: 0, pushIntervalMs: 1_000_000 }));
        const urls = new Map(spec.connections.filter(driven).map((connection) => [connection.id, mock.url(connection.id)]));
        const clock = new ManualClock();
        const driver = cleanup.add(new PolledDriver(spec, urls, clock, mock.snmp.user));
        const keys = new Map(spec.params.map((param) => [param.id, param.key]));
        const written = new Set<number>();
        for (const [id, key] of keys) driver.params.on(key, (_value, info) => info.responseId !== undefined || info.connection !== undefined ? written.add(id) : undefined);
        const done: string[] = [];
        const failed: string[] = [];
        driver.polling.on('done', (group) => done.push(group));
        driver.polling.on('failed', (group, error) => failed.push(`${group}: ${error.message}`));
        driver.polling.on('skipped', (group) => done.push(group));
        // What the connector's QActions would fill before queuing a group: command values and URL params
        // without a value or default get a sample, the same on the driver and the mock (which routes by it).
        const samples: Record<string, string | number> = {};
        // The params whose value fills an SNMP OID's wildcard (a QAction sets them in DataMiner).
        for (const entry of spec.snmp?.params ?? []) {
          const wildcard = spec.params.find((candidate) => candidate.id === entry.wildcardParam);
          if (wildcard !== undefined && wildcard.defaultValue === undefined) samples[wildcard.key] = wildcard.value === 'number' ? 1 : '1';
        }
        for (const entry of drivenGroups) {
          for (const id of entry.paths) samples[keys.get(id) as string] = `/sample/${keys.get(id) as string}`;
          for (const id of entry.inputs) {
            const param = spec.params.find((candidate) => candidate.id === id);
            if (param !== undefined && param.defaultValue === undefined) samples[param.key] = param.value === 'number' ? 1 : 'sample';
          }
        }
        mock.set(samples);
        for (const [key, value] of Object.entries(samples)) driver.params.set(key, value);
        await driver.connect();

        driver.polling.start();
        // The first cycle of every timer (up to a minute on the clock, in Interval-sized steps).
        for (let ms = 0; ms < 61_000; ms += 250) await step(clock, 250);
        // Every poll group of an initial timer ended (or was skipped by its condition) in that minute.
        const polled = new Set(['poll', 'poll action', 'poll trigger']);
        for (const timer of spec.polling?.timers.filter((candidate) => candidate.initial !== false) ?? []) {
          for (const id of timer.groups) {
            const group = groups.find((entry) => entry.group.id === id)?.group;
            if (group !== undefined && polled.has(group.type)) expect(done, `timer ${timer.id}`).toContain(group.key);
          }
        }
        const how = new Map<string, string>(done.map((group) => [group, 'timer']));
        // A group a parameter change queues: change that param, as the user (or a QAction) would.
        const changes = changeTriggers(spec);
        for (const { group } of drivenGroups.filter((entry) => !how.has(entry.group.key))) {
          const param = changes.get(group.id);
          if (param === undefined) continue;
          const key = keys.get(param) as string;
          driver.params.set(key, spec.params.find((candidate) => candidate.id === param)?.value === 'number' ? 7 : 'changed');
          for (let steps = 0; steps < 400 && !done.includes(group.key) && failed.length === 0; steps++) await step(clock, 75);
          if (done.includes(group.key)) how.set(group.key, `change of param ${param}`);
        }
        // The rest a QAction queues (CheckTrigger): runGroup stands in for it.
        for (const { group } of drivenGroups.filter((entry) => !how.has(entry.group.key))) {
          const ran = driver.polling.runGroup(group.key);
          let settled = false;
          void ran.then(() => (settled = true), () => (settled = true));
          for (let steps = 0; steps < 400 && !settled; steps++) await step(clock, 75);
          await ran;
          how.set(group.key, 'runGroup');
        }
        await driver.polling.stop();
        expect(clock.pending).toBe(0);

        expect(failed).toEqual([]);
        for (const { group } of drivenGroups) expect(done).toContain(group.key);
        const commands = new Map(spec.pairs.map((pair) => [pair.id, spec.commands.find((command) => command.id === pair.command)?.key]));
        const sessionKeys = new Map((spec.sessions ?? []).map((session) => [session.id, session.key]));
        // A command-only pair resolves once written: the mock may still be framing it.
        await vi.waitFor(() => {
          const sent = new Set(mock.received().map((frame) => frame.command));
          const requested = new Set(mock.http.received().map((request) => request.session));
          for (const entry of drivenGroups) {
            for (const pair of entry.pairs) expect(sent, `${entry.group.key}: pair ${pair}`).toContain(commands.get(pair));
            for (const session of entry.sessions) expect(requested, `${entry.group.key}: session ${session}`).toContain(sessionKeys.get(session));
          }
        });
        for (const entry of drivenGroups) {
          for (const param of entry.fills) expect(written, `${entry.group.key}: param ${param} (${keys.get(param)})`).toContain(param);
        }
        const notRun = groups.filter((entry) => !entry.drivable).map((entry) => `${entry.group.key} (${entry.group.type}: ${entry.group.items.map((item) => `${item.kind} ${item.id}`).join(', ') || 'no items'})`);
        console.info(
          `${file}: driven ${drivenGroups.map((entry) => `${entry.group.key}(${how.get(entry.group.key) ?? '?'}) [${[...entry.pairs.map((id) => `pair ${id}`), ...entry.sessions.map((id) => `session ${id}`)].join(', ')}] fills ${entry.fills.length}`).join('; ') || 'none'}\n  not driven: ${notRun.join('; ') || 'none'}`,
        );
      }, 60_000);
    }
  });
}
