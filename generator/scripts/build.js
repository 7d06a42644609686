// Builds the three packages: templates precompiled into the generator, then `tsc -b` (runtime, mock and
// generator in reference order), then the precompiled templates copied beside the built generator
// (tsc does not copy plain .js inputs).
import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const here = (path) => new URL(path, import.meta.url);
await import('./precompile-templates.js');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-b', here('../tsconfig.json').pathname], { stdio: 'inherit' });
copyFileSync(here('../src/templates.compiled.js'), here('../dist/templates.compiled.js'));
