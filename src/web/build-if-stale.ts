/**
 * Builds the web app into dist/web when it is missing or older than its sources, so that
 * `npm start` (prestart) and the browser tests always serve what is in the working tree.
 * Exported for the tests; run as a script by `npm run build:web:if-stale`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const INDEX = join(ROOT, 'dist/web/index.html');
const SOURCES = ['src/web', 'src/shared', 'vite.config.ts', 'package-lock.json'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function webBuildIsStale(): boolean {
  if (!existsSync(INDEX)) return true;
  const built = statSync(INDEX).mtimeMs;
  return SOURCES.some((s) => existsSync(join(ROOT, s)) && newestMtime(join(ROOT, s)) > built);
}

export async function buildWebIfStale(say: (line: string) => void = console.log): Promise<boolean> {
  if (!webBuildIsStale()) return false;
  say('Building the web app into dist/web…');
  const { build } = await import('vite');
  // A production build even when called from the tests (vitest sets NODE_ENV=test, which would
  // make Vite bundle React's development builds).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  buildWebIfStale()
    .then((built) => { if (built) console.log(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s.`); })
    .catch((error: unknown) => {
      // The API still works without the pages; say why they are missing and go on.
      console.error('The web app could not be built; the API is served without it.', error);
    });
}
