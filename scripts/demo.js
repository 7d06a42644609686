// The README's main job, `npm run demo`: generate drivers from nine sample fixtures, compile
// samples/demo.ts with them under strict TypeScript, and run it against mock devices built from the same XML.
//
//   node scripts/demo.js [--into <dir>]
//
// --into lays the same tree (samples/demo.ts, generated/, dist-demo/) under <dir>, which must be inside this
// repository so that the @protogen-dm packages resolve; test/demo.test.ts uses it so that running the demo
// never rewrites the committed generated/. Needs `npm run build` first (`npm run demo` builds).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../', import.meta.url));
const fixtures = ['request-response', 'push', 'two-websockets', 'rest-device', 'login-feed', 'serial-meter', 'smart-serial-encoder', 'polling', 'snmp-device'];
const { values } = parseArgs({ options: { into: { type: 'string' } } });
const work = values.into === undefined ? root : join(root, relative(root, values.into));
const node = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });

let tsconfig = join(root, 'samples/tsconfig.json');
if (work !== root) {
  mkdirSync(join(work, 'samples'), { recursive: true });
  copyFileSync(join(root, 'samples/demo.ts'), join(work, 'samples/demo.ts'));
  tsconfig = join(work, 'samples/tsconfig.json');
  const base = relative(join(work, 'samples'), join(root, 'tsconfig.base.json'));
  writeFileSync(tsconfig, JSON.stringify({ extends: base, compilerOptions: { rootDir: '..', outDir: '../dist-demo', sourceMap: false }, include: ['demo.ts', '../generated/*.ts'] }));
}
const inputs = fixtures.map((fixture) => `samples/${fixture}/protocol.xml`);
node(['generator/bin/protogen.js', ...inputs, '--out', join(work, 'generated'), '--quiet']);
node([createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', tsconfig]);
node([join(work, 'dist-demo/samples/demo.js')]);
