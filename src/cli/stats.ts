import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { today } from '../server/db/rows.ts';
import * as statistics from '../server/modules/statistics/statistics.repository.ts';

/** The dates `stats verify` compares by default: today and the last day of each of the ten years before. */
function defaultDates(): string[] {
  const now = today();
  const year = Number(now.slice(0, 4));
  return [now, ...Array.from({ length: 10 }, (_, i) => `${year - 1 - i}-12-31`)];
}

/**
 * `partywork stats verify`: the kept member and event counts of the nation and the provinces
 * against a recount of the spans and events; exit 1 and the first differences if any.
 */
export async function statsVerifyCommand(options: { date?: string[]; node?: string[] }) {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const dates = options.date?.length ? options.date : defaultDates();
    const nodes = options.node?.length ? options.node : null;
    const started = performance.now();
    const members = await statistics.compareKeptCounts(db.pool, dates, nodes);
    const rollups = await statistics.keptRollupsOffTheirParts(db.pool);
    const events = await statistics.compareKeptEventCounts(db.pool, nodes);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const problems = [
      ...members.differences.map((d) => `unit path ${d.node} on ${d.date}, ${d.dimension} ${d.key}: kept ${d.kept}, recount ${d.recount}`),
      ...rollups.map((m) => `unit path ${m.node}, ${m.period}, ${m.dimension} ${m.key}: the kept figure is not the sum of its parts`),
      ...events.differences.map((e) => `unit path ${e.node} on ${e.day}, events ${e.kind}: kept ${e.kept}, counted ${e.recount}`),
    ];
    const compared = `${members.compared} member figures on ${dates.length} date(s) and ${events.compared} days of events`;
    if (problems.length === 0) {
      console.log(`Kept counts equal the recount: ${compared} (${seconds} s).`);
      return;
    }
    console.error(`Kept counts differ from the recount (${compared} compared, ${seconds} s):`);
    for (const line of problems.slice(0, 40)) console.error(`  ${line}`);
    console.error('`partywork stats rebuild` recomputes them from the spans and events.');
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}

/** `partywork stats rebuild`: recomputes the kept counts from the spans and events, in one transaction. */
export async function statsRebuildCommand() {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const started = performance.now();
    await db.transaction((sql) => statistics.rebuildKeptCounts(sql));
    console.log(`Kept counts rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await db.close();
  }
}
