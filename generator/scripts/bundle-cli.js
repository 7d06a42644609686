// Bundles the `protogen` command into dist/bundle/: the bin loads one file (and a chunk for `protogen mock`)
// instead of about 80 modules — ours, the runtime's rules and codec, Handlebars' runtime and saxes, which
// Node 20 resolves, reads and (for CommonJS) scans one by one. That was ~100 ms of wall time and ~150 ms of
// CPU in every run, a third of generating a small protocol (measured: `protogen x.xml` 0.30 s → 0.20 s).
//
// Inlined: our packages and the two libraries generation always runs (listed with their licences in
// dist/bundle/THIRD-PARTY-NOTICES.md). Left to node_modules: what only some commands or drivers load on demand
// (ws, undici, net-snmp), so they stay one shared, updatable copy. The library entry (`import { generate }
// from '@protogen-dm/generator'`) stays unbundled.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { rolldown } from 'rolldown';

const here = (path) => new URL(path, import.meta.url);
/** Third-party packages inlined; any other bare import stays external. */
const inlined = ['handlebars', 'saxes', 'xmlchars'];
const outDir = here('../dist/bundle/');

const isExternal = (id) => {
  if (id.startsWith('.') || id.startsWith('/') || id.startsWith('@protogen-dm/')) return false;
  return !inlined.some((name) => id === name || id.startsWith(`${name}/`));
};

rmSync(outDir, { recursive: true, force: true });
const bundle = await rolldown({ input: { protogen: here('../dist/cli/main.js').pathname }, platform: 'node', external: isExternal, logLevel: 'warn' });
const { output } = await bundle.write({ dir: outDir.pathname, format: 'esm', chunkFileNames: '[name].js' });
await bundle.close();
writeFileSync(new URL('THIRD-PARTY-NOTICES.md', outDir), notices(output.flatMap((chunk) => chunk.moduleIds ?? [])));

/** Name, version, licence and licence text of every node_modules package whose code went into a chunk. */
function notices(moduleIds) {
  const packages = new Set(moduleIds.map((id) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id)?.[1]).filter(Boolean));
  const require = createRequire(import.meta.url);
  const sections = [...packages].sort().map((name) => {
    const manifest = require.resolve(`${name}/package.json`);
    const { version, license, author } = JSON.parse(readFileSync(manifest, 'utf8'));
    const text = licenceText(manifest.slice(0, -'package.json'.length)) ?? `Copyright (c) ${typeof author === 'string' ? author : author?.name}. Released under the ${license} licence (the package ships no licence file).`;
    return `## ${name} ${version} (${license})\n\n${text}\n`;
  });
  return `# Third-party code in this bundle\n\nprotogen.js and its chunks contain code of these packages.\n\n${sections.join('\n')}`;
}

function licenceText(directory) {
  for (const file of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'LICENCE']) {
    try {
      return readFileSync(directory + file, 'utf8').trim();
    } catch {
      // Try the next spelling.
    }
  }
  return undefined;
}
