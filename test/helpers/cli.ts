/**
 * Runs the real command line (`node bin/fieldtest.js …`) as a child process: one-shot commands,
 * and `serve`, which is ready once it logs the address it listens on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const bin = fileURLToPath(new URL('../../bin/fieldtest.js', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

/** The environment a child gets: nothing of ours that would change its configuration. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_OPTIONS: '' };
  return { ...base, ...env };
}

export interface CliResult { code: number | null; stdout: string; stderr: string }

export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: childEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface ServeProcess {
  readonly child: ChildProcess;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  /** Everything printed to stdout so far. */
  stdout(): string;
  stop(): Promise<void>;
}

/** Starts `fieldtest serve` and resolves once it listens (rejects if it exits first). */
export function serve(args: string[], env: Record<string, string>): Promise<ServeProcess> {
  const child = spawn(process.execPath, [bin, 'serve', ...args], { cwd: root, env: childEnv({ HOST: '127.0.0.1', ...env }) });
  let out = '';
  let err = '';
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      for (const line of out.split('\n')) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'fieldtest listening' && typeof entry.port === 'number') {
          resolve({ child, url: `http://127.0.0.1:${entry.port}`, port: entry.port, stdout: () => out, stop });
        }
      }
    });
    child.on('exit', (code) => reject(new Error(`fieldtest serve exited with ${code}\nstdout: ${out}\nstderr: ${err}`)));
  });
}

/** A port nothing listens on right now (the OS's pick, released again). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
