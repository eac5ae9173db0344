// @ts-check
// Runs PGlite on its own thread: its queries execute synchronously on the calling thread, so
// on the server's event loop one slow statement would freeze every request. The main thread
// talks to it through the PostgreSQL wire protocol on a private Unix socket, with node-postgres,
// exactly as it talks to a PostgreSQL server.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** @type {{ dataDir: string, socketPath: string }} */
const { dataDir, socketPath } = workerData;

const db = await PGlite.create(dataDir, { extensions: { pg_trgm } });
// More than one connection: node-postgres discards a client whose query failed and opens a new
// one at once, before the server has seen the old one close. With a limit of one, that new
// connection would be refused. The server serializes transactions across connections.
const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 16 });
await server.start();
parentPort?.postMessage({ type: 'ready' });

parentPort?.on('message', async (message) => {
  if (message?.type !== 'close') return;
  await server.stop();
  await db.close();
  parentPort?.postMessage({ type: 'closed' });
});
