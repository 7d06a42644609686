// Builds the three packages: templates precompiled into the generator, then `tsc -b` (runtime, mock and
// generator in reference order), then the precompiled templates and their types copied beside the built
// generator (tsc copies neither plain .js nor .d.ts inputs).
import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const here = (path) => new URL(path, import.meta.url);
await import('./precompile-templates.js');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-b', here('../tsconfig.json').pathname], { stdio: 'inherit' });
for (const file of ['templates.compiled.js', 'templates.compiled.d.ts']) copyFileSync(here(`../src/${file}`), here(`../dist/${file}`));
await import('./bundle-cli.js');
