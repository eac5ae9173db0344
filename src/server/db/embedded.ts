import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export type EmbeddedDatabase = {
  /** Directory holding the Unix socket; node-postgres takes it as `host`. */
  socketDir: string;
  stop(): Promise<void>;
};

/**
 * Starts PGlite in a worker thread behind a Unix socket readable only by this user.
 * `dataDir` is a directory, or `memory://` for a throw-away database (tests).
 */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  if (dataDir !== 'memory://') mkdirSync(dataDir, { recursive: true });
  const socketDir = mkdtempSync(join(tmpdir(), 'partywork-pg-'));
  const worker = new Worker(new URL('./pglite.worker.js', import.meta.url), {
    workerData: { dataDir, socketPath: join(socketDir, '.s.PGSQL.5432') },
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    worker.once('error', onError);
    worker.once('message', (m: { type: string }) => {
      worker.off('error', onError);
      if (m.type === 'ready') resolve();
      else reject(new Error(`Embedded database sent ${m.type} before ready`));
    });
  });

  let stopped = false;
  return {
    socketDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 10_000);
        worker.once('message', () => {
          clearTimeout(timer);
          resolve();
        });
        worker.postMessage({ type: 'close' });
      });
      await worker.terminate();
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
