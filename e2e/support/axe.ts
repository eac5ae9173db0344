import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export type Violation = { id: string; impact: string | null; help: string; targets: string[] };

/** axe-core's serious and critical findings on the page as it is now (all rules, WCAG 2.1 AA and best practice). */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate<Violation[]>(`
    axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    })))`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
