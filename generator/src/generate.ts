/**
 * The generator as a function: protocol XML in, files and diagnostics out, nothing touched on disk.
 * The CLI and `import { generate } from '@protogen-dm/generator'` both go through here. Four stages,
 * each in its own place: read (read-protocol.ts) → check (check.ts) → plan (plan.ts) → emit (emit/file.ts).
 */
import { checkProtocol } from './check.js';
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { emitFile } from './emit/file.js';
import { planProtocol, type Plan } from './plan.js';
import { readProtocol } from './read-protocol.js';
import type { ProtocolSpec } from '@protogen-dm/runtime';

export interface ProtocolInput {
  /** Path of the XML file; shown in diagnostics, its base name in the generated file. */
  readonly file: string;
  readonly contents: Uint8Array | string;
}

export interface GeneratedFile {
  /** File name inside the output directory, `websocket-demo.ts`. */
  readonly name: string;
  readonly contents: string;
  /** The input it was generated from. */
  readonly source: string;
}

export interface GenerateResult {
  /** Empty when any input has an error: all or nothing. */
  readonly files: readonly GeneratedFile[];
  readonly diagnostics: readonly Diagnostic[];
  readonly ok: boolean;
}

export interface CompileResult {
  readonly plan: Plan | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

export interface SpecResult {
  /** The protocol as the runtime and the mock take it; undefined when the input has errors. */
  readonly spec: ProtocolSpec | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Reads, checks and plans one protocol; `plan` is undefined when it has errors. */
export function compileProtocol(input: ProtocolInput): CompileResult {
  const bytes = typeof input.contents === 'string' ? new TextEncoder().encode(input.contents) : input.contents;
  const { model, failure } = readProtocol(input.file, bytes);
  if (!model) {
    const unreadable = new DiagnosticBag(input.file);
    unreadable.report(failure.code, failure.at, failure.message, failure.hint);
    return { plan: undefined, diagnostics: unreadable.items };
  }
  const diagnostics = new DiagnosticBag(input.file, model.lines);
  checkProtocol(model, diagnostics);
  if (diagnostics.hasErrors) return { plan: undefined, diagnostics: diagnostics.items };
  return { plan: planProtocol(model), diagnostics: diagnostics.items };
}

/** Reads and checks one protocol and returns its runtime spec, as a generated module's `<name>Protocol`. */
export function compileSpec(input: ProtocolInput): SpecResult {
  const { plan, diagnostics } = compileProtocol(input);
  return { spec: plan?.spec, diagnostics };
}

export function generate(inputs: readonly ProtocolInput[]): GenerateResult {
  const files: GeneratedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  let ok = true;
  for (const input of inputs) {
    const result = compileProtocol(input);
    diagnostics.push(...result.diagnostics);
    if (!result.plan) {
      ok = false;
      continue;
    }
    const clash = files.find((file) => file.name === result.plan?.fileName);
    if (clash) {
      const bag = new DiagnosticBag(input.file, result.plan.model.lines);
      bag.report('PG0007', result.plan.model.nameAt, `generates ${clash.name}, as ${clash.source} does`, 'give the protocols different <Name>s');
      diagnostics.push(...bag.items);
      ok = false;
      continue;
    }
    files.push({ name: result.plan.fileName, contents: emitFile(result.plan), source: input.file });
  }
  return { files: ok ? files : [], diagnostics: sortDiagnostics(diagnostics), ok };
}
