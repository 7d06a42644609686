// Real public connectors with Timers (issue 15), read from a folder outside the repository: their licences
// forbid committing them. Set PROTOGEN_CORPUS to a folder of protocol XML files (SLC-C-Example_SNMP-Base,
// Big-Red-Button, Github-Repositories, HTTP-Async-Demo, GvAmpp, EmberPlus, HomeWizard, at the commits the
// README pins); without it this file is skipped and says so. For each file: it generates with no errors,
// its polling plan holds every timer and group of the XML with their references resolved, and the
// scheduler runs the first cycle of every initial timer on a manual clock (pairs and sessions answered
// by a host that records them).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '@protogen-dm/generator';
import { Polling, type ProtocolSpec } from '@protogen-dm/runtime';
import type { PollingHost } from '../../runtime/src/polling/host.js';
import { ManualClock } from '../helpers/manual-clock.js';

const folder = process.env['PROTOGEN_CORPUS'];
const files = folder === undefined ? [] : readdirSync(folder).filter((name) => name.endsWith('.xml')).sort();

/** Elements named `name` with an id inside `<section>`: a count to compare the plan with. */
function countIn(xml: string, section: string, name: string): number {
  const body = new RegExp(`<${section}>([\\s\\S]*?)</${section}>`).exec(xml)?.[1] ?? '';
  return body.match(new RegExp(`<${name}\\s[^>]*id=`, 'g'))?.length ?? 0;
}

if (folder === undefined) {
  describe('polling corpus', () => {
    it.skip('skipped: set PROTOGEN_CORPUS to a folder of public connector XMLs with Timers to run it', () => undefined);
  });
} else {
  describe(`polling corpus in ${folder}`, () => {
    it('holds protocol files', () => expect(files.length).toBeGreaterThan(0));

    for (const file of files) {
      it(`${file}: plans every timer and group, and runs the first cycle of its timers`, async () => {
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

        const ran: string[] = [];
        const host: PollingHost = {
          runPair: (id) => (ran.push(`pair ${id}`), Promise.resolve(undefined)),
          readParam: () => undefined,
          watchParam: () => () => undefined,
          items: { session: (id) => (ran.push(`session ${id}`), Promise.resolve(undefined)) },
        };
        const clock = new ManualClock();
        const scheduler = new Polling(spec, host, { clock, random: () => 0 });
        const ended: string[] = [];
        scheduler.on('done', (group) => ended.push(group));
        scheduler.on('skipped', (group) => ended.push(group));
        scheduler.on('failed', (group, error) => ended.push(`${group} failed: ${error.message}`));
        scheduler.start();
        // The first cycle of each initial timer, with its Interval and Pair@next waits (bounded steps).
        for (let step = 0; step < 600; step++) {
          await new Promise((resolve) => setImmediate(resolve));
          clock.advance(100);
        }
        const firstGroups = polling.timers.filter((timer) => timer.initial !== false).flatMap((timer) => timer.groups);
        const keys = new Map(polling.groups.map((group) => [group.id, group]));
        for (const id of firstGroups) {
          const group = keys.get(id);
          if (group && (group.type === 'poll' || group.type === 'poll action' || group.type === 'poll trigger')) expect(ended).toContain(group.key);
        }
        expect(ended.filter((entry) => entry.includes('failed'))).toEqual([]);
        await scheduler.stop();
        expect(clock.pending).toBe(0);
        console.info(`${file}: ${polling.timers.length} timers, ${polling.groups.length} groups, ${polling.triggers.length} triggers, ${polling.actions.length} actions; first minute ran ${ran.length} items, ${ended.length} groups`);
      });
    }
  });
}
