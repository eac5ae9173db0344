import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { verifyAuditChain } from '../server/modules/audit/audit.service.ts';

/** `partywork audit verify`: walks the whole hash chain; exit 1 and the first broken row if any. */
export async function auditVerifyCommand() {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const report = await verifyAuditChain({ db });
    if (report.ok) {
      console.log(`Audit trail intact: ${report.rows} rows, newest id ${report.lastId ?? '-'}.`);
      return;
    }
    const where = report.afterId === null ? 'at the start of the trail' : `after row ${report.afterId}`;
    const what = {
      changed: `row ${report.id} was changed`,
      removed: `a row was removed ${where} (the next remaining row is ${report.id})`,
      head_mismatch: `the newest rows after row ${report.afterId ?? '-'} were removed (the chain head names row ${report.id})`,
    }[report.problem];
    console.error(`Audit trail broken after ${report.rows} intact rows: ${what}.`);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}
