import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importWorkspace, type ImportWorkspace } from './import-helpers.js';

const workbook = fileURLToPath(new URL('../fixtures/ingest/pipeline.xlsx', import.meta.url));

let ws: ImportWorkspace;
beforeEach(async () => {
  ws = await importWorkspace();
});
afterEach(() => ws.remove());

describe('the summary of a refused import', () => {
  it('says how a file was read when the mapping it was read with lacks columns the records need', async () => {
    const run = await ws.importFiles(workbook, '--as-of', '2026-03-01');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('which opportunities need');
    const row = run.stdout.split('\n').find((line) => line.startsWith('pipeline.xlsx'));
    expect(row).not.toContain('(not read)');
    const json = await ws.importFiles(workbook, '--as-of', '2026-03-01', '--format', 'json');
    const [file] = (
      JSON.parse(json.stdout) as { files: { mapping: string; entity: string; format: string }[] }
    ).files;
    expect(file).toMatchObject({ entity: 'opportunities', format: 'xlsx' });
    expect(row).toContain(file?.mapping);
  });
});
