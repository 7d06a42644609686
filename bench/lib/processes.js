// Child processes of the benchmarks: timed `node` runs, JSON-printing helper scripts, and the ws
// server process (so that client and server never share one event loop).
//
//   const { ms } = await timeNode(['generator/bin/protogen.js', 'x.xml', '--out', dir, '--quiet']);
//   const figures = await nodeJson(['bench/lib/generate-once.js', 'generate', 'x.xml']);
//   const server = await startServer();   // { port, url(path), command({ cmd: 'push', … }), stop() }

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const CPU_REPORTER = fileURLToPath(new URL('./report-cpu.cjs', import.meta.url));

/**
 * Runs `node <args>` from the repository root; resolves with its wall time, its CPU time (user +
 * system, as the child itself reports it at exit; see report-cpu.cjs), exit code and output.
 */
export function timeNode(args, { nodeArgs = [], allowFailure = false } = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--require', CPU_REPORTER, ...nodeArgs, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let usage = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.stdio[3].setEncoding('utf8').on('data', (chunk) => (usage += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0 && !allowFailure) {
        reject(new Error(`node ${args.join(' ')} exited with ${code ?? signal}\n${stderr}${stdout}`.trimEnd()));
        return;
      }
      const cpuMs = usage === '' ? Number.NaN : JSON.parse(usage).cpuMs;
      resolve({ ms, cpuMs, code, stdout, stderr });
    });
  });
}

/** Runs a helper script that prints one JSON object as its last stdout line; resolves with it. */
export async function nodeJson(args, options = {}) {
  const { stdout } = await timeNode(args, options);
  const last = stdout.trim().split('\n').pop();
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(`node ${args.join(' ')} printed no JSON line:\n${stdout}`);
  }
}

/**
 * Starts `bench/servers/ws-server.js` (or another server of bench/servers/) on 127.0.0.1, port 0, and reads its port from stdout.
 * `command(object)` sends one JSON line to its stdin and resolves with its one-line JSON answer
 * (commands are answered in order).
 */
export function startServer(server = 'ws-server.js') {
  const script = fileURLToPath(new URL(`../servers/${server}`, import.meta.url));
  const child = spawn(process.execPath, [script], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  let failed;
  const fail = (error) => {
    failed = error;
    for (const w of waiting.splice(0)) w.reject(error);
  };
  child.on('error', fail);
  child.on('exit', (code, signal) => fail(new Error(`bench server exited (${code ?? signal})`)));
  lines.on('line', (line) => {
    const w = waiting.shift();
    if (w === undefined) return;
    const answer = JSON.parse(line);
    if (answer.error) w.reject(new Error(`bench server: ${answer.error}`));
    else w.resolve(answer);
  });
  const next = () =>
    new Promise((resolve, reject) => {
      if (failed) reject(failed);
      else waiting.push({ resolve, reject });
    });
  return next().then(({ port }) => ({
    port,
    url: (path = '/') => `ws://127.0.0.1:${port}${path}`,
    command(object) {
      const answer = next();
      child.stdin.write(JSON.stringify(object) + '\n');
      return answer;
    },
    stop() {
      child.removeAllListeners('exit');
      return new Promise((resolve) => {
        child.once('exit', resolve);
        child.stdin.end();
        child.kill('SIGTERM');
      });
    },
  }));
}
