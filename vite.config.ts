import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The web app for committee staff: sources in src/web, built to dist/web, which the Fastify
 * server serves (src/server/app.ts). `npm run dev:web` serves it with hot reload and sends
 * /api to a server already running on port 3000.
 */

/** Brotli and gzip twins of every text file, which the server sends to browsers that accept them. */
function precompress(): Plugin {
  return {
    name: 'partywork:precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const file of Object.keys(bundle).filter((f) => /\.(js|css|html|svg|json)$/.test(f))) {
        const path = join(options.dir ?? '', file);
        const data = readFileSync(path);
        writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
        writeFileSync(`${path}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [react(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // The charts chunk (ECharts) is large on purpose and loaded only with a dashboard.
    chunkSizeWarningLimit: 600,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
