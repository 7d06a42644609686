// The shape of the code base: every package imports the others by name and only what its package.json
// declares, no relative import leaves a package, and no two modules import each other (directly or
// through others). Read from the sources, so a new file is checked the day it is added.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const packages = ['runtime', 'mock', 'generator'] as const;
const builtins = new Set(builtinModules);

interface Module {
  readonly file: string;
  readonly pkg: (typeof packages)[number];
  readonly specifiers: readonly string[];
}

function sourcesOf(pkg: (typeof packages)[number]): Module[] {
  const dir = join(root, pkg, 'src');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  return files.map((name) => {
    const file = join(dir, name);
    return { file, pkg, specifiers: importsOf(readFileSync(file, 'utf8')) };
  });
}

/** Static and dynamic import specifiers, type-only ones included (a type import is a dependency too). */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/^\s*(?:import|export)\b[^'";]*?\bfrom\s+'([^']+)'/gm)) found.push(match[1] as string);
  for (const match of source.matchAll(/^\s*import\s+'([^']+)'/gm)) found.push(match[1] as string);
  for (const match of source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) found.push(match[1] as string);
  return found;
}

const modules = packages.flatMap(sourcesOf);

function declaredDependencies(pkg: string): Set<string> {
  const manifest = JSON.parse(readFileSync(join(root, pkg, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  return new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

describe('architecture', () => {
  it('reads every package (the scan itself works)', () => {
    for (const pkg of packages) expect(modules.filter((m) => m.pkg === pkg).length).toBeGreaterThan(5);
    expect(importsOf("import type { A } from './a.js';\nexport { b } from '../b.js';\nimport 'd';\nconst c = await import('c');")).toEqual(['./a.js', '../b.js', 'd', 'c']);
  });

  it('no relative import leaves its package', () => {
    const leaving = modules.flatMap((m) =>
      m.specifiers
        .filter((s) => s.startsWith('.'))
        .filter((s) => relative(join(root, m.pkg, 'src'), resolve(dirname(m.file), s)).startsWith('..'))
        .map((s) => `${relative(root, m.file)} → ${s}`),
    );
    expect(leaving).toEqual([]);
  });

  it('every package import is a Node builtin or declared in that package.json', () => {
    const undeclared = modules.flatMap((m) => {
      const declared = declaredDependencies(m.pkg);
      return m.specifiers
        .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtins.has(s))
        .filter((s) => !declared.has(packageName(s)))
        .map((s) => `${relative(root, m.file)} → ${s}`);
    });
    expect(undeclared).toEqual([]);
  });

  it('dependencies point one way: runtime imports no other package of ours, mock only the runtime', () => {
    const ours = (m: Module): string[] => m.specifiers.filter((s) => s.startsWith('@protogen-dm/')).map(packageName);
    expect(modules.filter((m) => m.pkg === 'runtime').flatMap(ours)).toEqual([]);
    expect(new Set(modules.filter((m) => m.pkg === 'mock').flatMap(ours))).toEqual(new Set(['@protogen-dm/runtime']));
    expect(declaredDependencies('runtime').has('saxes') || declaredDependencies('runtime').has('handlebars')).toBe(false);
  });

  it('has no import cycle', () => {
    const byFile = new Map(modules.map((m) => [m.file, m]));
    const edges = (m: Module): string[] =>
      m.specifiers.filter((s) => s.startsWith('.')).map((s) => resolve(dirname(m.file), s).replace(/\.js$/, '.ts')).filter((f) => byFile.has(f));
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(root, f)).join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of edges(byFile.get(file) as Module)) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const m of modules) visit(m.file, []);
    expect(cycles).toEqual([]);
  });

  it('the protogen bin loads the bundled CLI, which leaves only the on-demand transports to node_modules', () => {
    // One file instead of ~80 modules is what makes every run start ~100 ms sooner (scripts/bundle-cli.js):
    // an import that slips out of the bundle (a new dependency, a changed external list) shows here.
    const bundle = join(root, 'generator/dist/bundle');
    expect(importsOf(readFileSync(join(root, 'generator/bin/protogen.js'), 'utf8'))).toEqual(['../dist/bundle/protogen.js']);
    const specifiers = readdirSync(bundle)
      .filter((file) => file.endsWith('.js'))
      .flatMap((file) => importsOf(readFileSync(join(bundle, file), 'utf8').replaceAll('"', "'")));
    const external = new Set(specifiers.filter((s) => !s.startsWith('./') && !s.startsWith('node:') && !builtins.has(s)).map(packageName));
    expect([...external].filter((name) => !['ws', 'undici', 'net-snmp'].includes(name))).toEqual([]);
    expect(specifiers).toContain('./io.js');
  });
});
