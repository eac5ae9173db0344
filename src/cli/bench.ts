import { resolve } from 'node:path';
import type { Engine } from '../bench/report.ts';
import type { ScaleName } from '../bench/scales.ts';

/** `partywork bench`: the national-scale benchmark (src/bench); writes docs/benchmarks.md. */
export async function benchCommand(options: {
  engine: 'postgres' | 'pglite'; scale: ScaleName; seed: number; databaseUrl?: string; dataDir?: string; out: string; keep?: boolean;
}) {
  // Loaded only here: the load tool and the generator are not part of the server.
  const { runBench } = await import('../bench/run-bench.ts');
  const engine: Engine = options.engine === 'postgres' ? 'postgresql' : 'pglite';
  await runBench({
    engine, scale: options.scale, seed: options.seed, databaseUrl: options.databaseUrl, dataDir: options.dataDir,
    out: resolve(options.out), keep: options.keep ?? false, log: (line) => console.log(line),
  });
}
