// Generated drivers for the runtime benchmarks, exactly as users get them: the sample XML goes through
// the built generator (generator/dist/), the .ts it writes is compiled by the TypeScript 6 compiler under the
// strict base settings, and the emitted .js is imported. Everything lives in bench/results/tmp/
// (git-ignored, inside the repository so that `@protogen-dm/runtime` resolves to runtime/dist/ through the workspace link).
//
//   const { module, spec } = await compiledDriver('structured-text');
//   const driver = new module.MatrixRouterTextDriver({ connections: { routerWebSocket: { url } } });

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ROOT } from './processes.js';
import { RESULTS_DIR } from './report.js';

const DIR = `${RESULTS_DIR}tmp/drivers/`;
const TS6 = `${ROOT}node_modules/typescript/bin/tsc`;

/** Writes `file` only when its contents change; returns true when it wrote. */
function writeIfChanged(file, contents) {
  if (existsSync(file) && readFileSync(file, 'utf8') === contents) return false;
  writeFileSync(file, contents);
  return true;
}

/**
 * Generates `samples/<sample>/protocol.xml`, compiles it (only when the generated text changed) and imports it.
 * Resolves with the module, the spec (its `<name>Protocol` export) and the driver class.
 */
export async function compiledDriver(sample) {
  const { generate } = await import('@protogen-dm/generator');
  const file = `samples/${sample}/protocol.xml`;
  const result = generate([{ file, contents: readFileSync(`${ROOT}${file}`) }]);
  if (!result.ok) throw new Error(`${file} does not generate: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  const [generated] = result.files;
  mkdirSync(DIR, { recursive: true });
  const tsconfig = JSON.stringify(
    {
      extends: '../../../../tsconfig.base.json',
      compilerOptions: { noEmit: false, outDir: 'out', rootDir: '.', declaration: false, sourceMap: false },
      include: ['*.ts'],
    },
    null,
    2,
  );
  const changed = writeIfChanged(`${DIR}tsconfig.json`, tsconfig) | writeIfChanged(`${DIR}${generated.name}`, generated.contents);
  const js = `${DIR}out/${generated.name.replace(/\.ts$/, '.js')}`;
  if (changed || !existsSync(js)) {
    execFileSync(process.execPath, [TS6, '-p', `${DIR}tsconfig.json`, '--pretty', 'false'], { cwd: ROOT, stdio: 'pipe' });
  }
  const module = await import(pathToFileURL(js).href);
  const spec = Object.entries(module).find(([name]) => name.endsWith('Protocol'))?.[1];
  const Driver = Object.entries(module).find(([name, value]) => name.endsWith('Driver') && typeof value === 'function')?.[1];
  if (spec === undefined || Driver === undefined) throw new Error(`${js} exports no protocol or driver`);
  return { module, spec, Driver, file: js };
}
