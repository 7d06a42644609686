// Type-checking the generated 20 000-param driver (tsc --noEmit, tsconfig.base.json's strict settings)
// with TypeScript 6 and the native TypeScript 7 tsc, beside a minimal hand-written file of the same
// shape: one interface member per value param, one non-generic method per pair with explicit
// argument and return types, over a ten-line base class (no JSDoc, no spec constant, no imports).
//
//   npm run build && node bench/typecheck.js [--quick]
//
// Targets: generated at most 1.5× the hand-written file with each compiler; TypeScript 7 under 1.5 s.
// Each timing is a whole `node <tsc> -p <tsconfig>` process, as users run it.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { count, isMain, runCase } from './lib/cases.js';
import { ROOT, timeNode } from './lib/processes.js';
import { RESULTS_DIR, row } from './lib/report.js';
import { ratioSeries, summarize } from './lib/stats.js';
import { syntheticProtocol } from './synthetic-protocol.js';

const COMPILERS = [
  { name: 'TypeScript 6', bin: 'node_modules/typescript/bin/tsc', version: /^Version 6\./ },
  { name: 'TypeScript 7', bin: 'node_modules/tsc7/bin/tsc', version: /^Version 7\./ },
];

/** The minimal hand-written file with the generated driver's shape, from the generator's plan. */
export function handWritten(plan) {
  const specOf = new Map(plan.spec.params.map((p) => [p.key, p]));
  const type = (param) => {
    const spec = specOf.get(param.key);
    return spec?.value === 'number' ? 'number' : 'string';
  };
  const object = (params) => `{ ${params.map((p) => `readonly ${p.key}: ${type(p)}`).join('; ')} }`;
  const out = [
    '// Hand-written baseline: an interface and non-generic methods, nothing else.',
    'export interface CallOptions { readonly timeoutMs?: number }',
    'export abstract class Base<P extends object> {',
    '  protected readonly current: Partial<P> = {};',
    '  protected request(pair: number, values: object | undefined, options: CallOptions | undefined): Promise<unknown> {',
    '    return Promise.resolve([pair, values, options]);',
    '  }',
    '}',
    'export interface Params {',
    ...plan.valueParams.map((p) => `  ${p.key}: ${type(p)};`),
    '}',
    'export class HandWritten extends Base<Params> {',
  ];
  for (const method of plan.methods) {
    const result =
      method.responses.length === 0
        ? 'void'
        : method.responses.length === 1
          ? object(method.responses[0].values)
          : method.responses.map((r) => `{ readonly response: '${r.key}'; readonly values: ${object(r.values)} }`).join(' | ');
    const args = method.args.length === 0 ? '' : `values: ${object(method.args)}, `;
    const values = method.args.length === 0 ? 'undefined' : 'values';
    out.push(`  ${method.spec.key}(${args}options?: CallOptions): Promise<${result}> {`);
    out.push(`    return this.request(${method.spec.id}, ${values}, options) as Promise<${result}>;`);
    out.push('  }');
  }
  out.push('}', '');
  return out.join('\n');
}

export async function measure({ quick, log }) {
  const params = quick ? 2000 : 20000;
  const reps = quick ? 3 : 5;
  const dir = `${RESULTS_DIR}tmp/typecheck/`;
  mkdirSync(dir, { recursive: true });

  const { compileProtocol, generate } = await import(pathToFileURL(`${ROOT}generator/dist/generate.js`).href);
  const input = { file: `synthetic-${params}.xml`, contents: syntheticProtocol({ params, connections: 4 }) };
  const result = generate([input]);
  if (!result.ok) throw new Error('the synthetic protocol does not generate');
  const generated = result.files[0];
  const { plan } = compileProtocol(input);
  writeFileSync(`${dir}${generated.name}`, generated.contents);
  writeFileSync(`${dir}hand-written.ts`, handWritten(plan));
  const tsconfig = (file) =>
    JSON.stringify({ extends: '../../../../tsconfig.base.json', compilerOptions: { noEmit: true }, files: [file] }, null, 2);
  writeFileSync(`${dir}tsconfig.generated.json`, tsconfig(generated.name));
  writeFileSync(`${dir}tsconfig.hand-written.json`, tsconfig('hand-written.ts'));
  const sizes = {
    generated: Buffer.byteLength(generated.contents),
    handWritten: Buffer.byteLength(readFileSync(`${dir}hand-written.ts`)),
  };

  /** One whole tsc process; a diagnostic is an error of the benchmark, not a figure. */
  const check = async (compiler, which) => {
    const { ms, code, stdout } = await timeNode([compiler.bin, '-p', `${dir}tsconfig.${which}.json`, '--pretty', 'false'], {
      allowFailure: true,
    });
    if (code !== 0 || stdout.trim() !== '') throw new Error(`${compiler.name} on ${which}: exit ${code}\n${stdout.slice(0, 2000)}`);
    return ms;
  };

  const rows = [];
  const versions = [];
  for (const compiler of COMPILERS) {
    const { stdout } = await timeNode([compiler.bin, '--version']);
    if (!compiler.version.test(stdout.trim())) throw new Error(`${compiler.bin} is ${stdout.trim()}, expected ${compiler.name}`);
    versions.push(`${compiler.name} = ${stdout.trim().replace('Version ', '')}`);
    log(`typecheck: ${compiler.name} warm-up`);
    await check(compiler, 'generated');
    await check(compiler, 'hand-written');
    const gen = [];
    const hand = [];
    for (let rep = 0; rep < reps; rep++) {
      log(`typecheck: ${compiler.name} repetition ${rep + 1}/${reps}`);
      // Alternate the order so that neither file always runs right after the other.
      if (rep % 2 === 0) {
        gen.push(await check(compiler, 'generated'));
        hand.push(await check(compiler, 'hand-written'));
      } else {
        hand.push(await check(compiler, 'hand-written'));
        gen.push(await check(compiler, 'generated'));
      }
    }
    const figures = { unit: 'ms', value: summarize(gen), baseline: { label: 'hand-written', ...summarize(hand) }, ratio: ratioSeries(gen, hand) };
    rows.push(row({ measure: `${compiler.name}, generated vs hand-written`, ...figures, target: { on: 'ratio', op: '<=', limit: 1.5 } }));
    if (compiler.name === 'TypeScript 7') {
      rows.push(row({ measure: `${compiler.name}, generated driver`, ...figures, target: { on: 'value', op: '<=', limit: 1500 } }));
    }
  }
  return {
    title: `Type-checking a ${count(params)}-param driver (tsc --noEmit, strict base settings), median of ${reps} processes`,
    notes: [
      `${versions.join(', ')}; generated ${(sizes.generated / 1e6).toFixed(1)} MB with ${count(plan.methods.length)} methods, ` +
        `hand-written ${(sizes.handWritten / 1e6).toFixed(1)} MB; each figure is a whole tsc process`,
    ],
    rows,
  };
}

if (isMain(import.meta.url)) await runCase(measure);
