/**
 * A workspace holding the named dataset of the metric tests (test/analytics/named-dataset.ts): a small sales org
 * written out by hand, calendar fiscal year, USD (EUR at 0.8 per USD), written as of {@link NAMED_AS_OF}.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openWorkspace } from '../../src/workspace/workspace.js';
import { NAMED_AS_OF, namedBatch } from '../analytics/named-dataset.js';
import { runCli } from './run-cli.js';

export { NAMED_AS_OF };

/** Creates the workspace `folder` (absolute) with `salesops init` and writes the named dataset into it. */
export async function writeNamedWorkspace(folder: string): Promise<void> {
  const init = await runCli(['init', folder], { cwd: dirname(folder) });
  if (init.code !== 0) throw new Error(`salesops init ${folder} failed: ${init.stderr}`);
  writeFileSync(
    join(folder, 'salesops.yaml'),
    'company: Named Co\ncurrency: USD\nfx:\n  - { currency: EUR, from: 2026-01-01, rate: "0.8" }\nfiscalYear: { startMonth: 1 }\n',
  );
  const workspace = await openWorkspace(folder);
  try {
    await workspace.store.write(namedBatch(), { source: 'test', asOf: NAMED_AS_OF });
  } finally {
    await workspace.close();
  }
}
