/**
 * The closing section of docs/benchmarks.md: what the benchmark does to get its figures, and
 * the gaps it found that need changes to the app (kept here, beside the code that measured them).
 */
export const BENCH_NOTES = `## What was changed to get there, and known gaps

To be written after the first national run.`;
