import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

/**
 * The real server for the scenarios: `partywork serve` in a process of its own (so that its
 * memory is its own and the load generator does not share its event loop), on a free port,
 * without demo data, on the bench database.
 */

const BIN = fileURLToPath(new URL('../../bin/partywork.js', import.meta.url));

export type ServerProcess = { url: string; pid: number; stop(): Promise<void> };

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.DATABASE_URL;
  delete base.DATA_DIR;
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...base, HOST: '127.0.0.1', PORT: '0', DEMO_MEMBERS: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start within 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /partywork is running at (http:\/\/[^\s]+) /.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited with ${code} before it was ready:\n${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    pid: child.pid as number,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resident memory of a process in MB (Linux /proc), or null where it cannot be read. */
export function rssMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every 200 ms until stopped; the peak and the samples. */
export function sampleRss(pid: number) {
  const samples: number[] = [];
  const timer = setInterval(() => {
    const mb = rssMb(pid);
    if (mb !== null) samples.push(mb);
  }, 200);
  return {
    samples,
    peakSince(index: number) {
      return samples.slice(index).reduce((a, b) => Math.max(a, b), 0);
    },
    stop: () => clearInterval(timer),
  };
}

/** A small keep-alive HTTP client: one request at a time, timed. */
export class ApiClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  cookie = '';

  constructor(readonly base: string) {}

  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: string; ms: number; headers: http.IncomingHttpHeaders }> {
    const url = new URL(path, this.base);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(url, {
        method, agent: this.agent,
        headers: {
          accept: 'application/json',
          ...(this.cookie ? { cookie: this.cookie } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({
          status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms: performance.now() - started, headers: res.headers,
        }));
        res.on('error', reject);
      });
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  async signIn(username: string, password: string): Promise<void> {
    const res = await this.request('POST', '/api/v1/auth/sign-in', { username, password });
    const cookie = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('pw_session='));
    if (res.status !== 200 || !cookie) throw new Error(`Sign-in of ${username} failed: ${res.status} ${res.body}`);
    this.cookie = cookie.split(';')[0] as string;
  }

  close(): void {
    this.agent.destroy();
  }
}
