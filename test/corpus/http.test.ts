// Real public connectors with HTTP sessions (issue 13), read from a folder outside the repository: their
// licences forbid committing them. Set PROTOGEN_CORPUS to a folder of protocol XML files (see README: the
// pinned repositories and commits are in the HTTP section); without it this file is skipped and says so.
// For each file: it generates with no errors, every live HTTP session becomes a method, the driver
// type-checks under the strictest settings with TypeScript 6 and 7, and one session runs against the
// protocol's own mock over real sockets on 127.0.0.1.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMockDevice } from '@protogen-dm/mock';
import { compileSpec, generate } from '@protogen-dm/generator';
import type { ParamSpec, ProtocolSpec, SessionSpec } from '@protogen-dm/runtime';
import { compilers, runTsc, scratchProject } from '../helpers/typecheck.js';

const folder = process.env['PROTOGEN_CORPUS'];
/** The folder's protocols with an HTTP session outside comments (a folder may hold other kinds too). */
const files = folder === undefined ? [] : readdirSync(folder).filter((name) => name.endsWith('.xml') && hasSession(join(folder, name))).sort();

function hasSession(path: string): boolean {
  return /<Session\s[^>]*id="/.test(readFileSync(path, 'utf8').replace(/<!--[\s\S]*?-->/g, ''));
}

if (folder === undefined || files.length === 0) {
  describe('HTTP corpus', () => {
    it.skip('skipped: set PROTOGEN_CORPUS to a folder of public connector XMLs with HTTP sessions to run it', () => undefined);
  });
} else {
  const generated = new Map<string, { contents: string; fileName: string }>();
  let project = '';
  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  describe(`HTTP corpus in ${folder}`, () => {

    for (const file of files) {
      it(`${file}: generates, and every live session is a method`, () => {
        const contents = readFileSync(join(folder, file));
        const result = generate([{ file, contents }]);
        expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
        const out = result.files[0];
        expect(out).toBeDefined();
        const text = out?.contents ?? '';
        const spec = compileSpec({ file, contents }).spec as ProtocolSpec;
        const live = contents.toString('utf8').replace(/<!--[\s\S]*?-->/g, '').match(/<Session\s[^>]*id="/g) ?? [];
        const handshakes = spec.connections.filter((connection) => connection.handshake !== undefined).length;
        expect(spec.sessions?.length ?? 0).toBe(live.length - handshakes);
        for (const session of spec.sessions ?? []) expect(text).toContain(`return this.session(${session.id}, `);
        generated.set(file, { contents: text, fileName: `corpus-${out?.name ?? file}` });
      });
    }

    for (const name of Object.keys(compilers) as (keyof typeof compilers)[]) {
      it(`every driver type-checks under the strictest settings with ${name}`, async () => {
        if (!project) project = scratchProject('corpus-http', new Map([...generated.values()].map((entry) => [entry.fileName, entry.contents])));
        expect(await runTsc(project, name)).toEqual({ stdout: '', code: 0 });
      }, 120_000);
    }

    for (const file of files) {
      it(`${file}: one session runs against the protocol's mock`, async () => {
        const spec = compileSpec({ file, contents: readFileSync(join(folder, file)) }).spec as ProtocolSpec;
        const session = (spec.sessions ?? [])[0] as SessionSpec;
        const mock = await createMockDevice(spec, { port: 0 });
        try {
          const { SessionDriver } = await import('./session-driver.js');
          const connections = Object.fromEntries(spec.connections.map((connection) => [connection.key, { url: mock.url(connection.id) }]));
          const driver = new SessionDriver(spec, connections);
          try {
            await driver.connect();
            const byId = new Map(spec.params.map((param) => [param.id, param]));
            const values = Object.fromEntries(readParams(session).flatMap((id) => (byId.has(id) ? [[(byId.get(id) as ParamSpec).key, sample(byId.get(id) as ParamSpec)]] : [])));
            const result = await driver.run(session.id, values);
            const last = session.requests.at(-1);
            const status = last?.statusParam === undefined ? undefined : byId.get(last.statusParam)?.key;
            if (status !== undefined) expect(result[status]).toBe('HTTP/1.1 200 OK');
            expect(mock.http.received().map((request) => request.session)).toEqual(session.requests.map(() => session.key));
          } finally {
            await driver.close();
          }
        } finally {
          await mock.close();
        }
      });
    }
  });
}

function readParams(session: SessionSpec): number[] {
  return session.requests.flatMap((request) => [request.pathParam, ...request.headers.map((h) => h.param), request.data?.param, ...(request.parameters ?? []).map((p) => p.param)].filter((id): id is number => id !== undefined));
}

function sample(param: ParamSpec): string | number {
  return param.value === 'number' ? 1 : 'sample';
}
