/**
 * docs/architecture.md against the source tree: "where this file and the code disagree, the code is right and
 * this file is a bug". Every src folder has its row in the Layers table, every file a row names is in that
 * folder, and every src/ or test/ path the text names exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');

/** Every file under a folder, as paths relative to it. */
function filesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(join(ROOT, folder).length + 1));
}

/** The Layers table's rows: folder and the rest of the row. */
const layerRows = DOC.split('\n')
  .map((line) => /^\| (src\/[a-z-]+) \|(.*)$/.exec(line))
  .filter((match): match is RegExpExecArray => match !== null)
  .map((match) => ({ folder: match[1] ?? '', text: match[2] ?? '' }));

describe('docs/architecture.md', () => {
  it('has a Layers row for every folder of src', () => {
    const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `src/${entry.name}`);
    expect(folders.length).toBeGreaterThan(10);
    expect(folders.filter((folder) => !layerRows.some((row) => row.folder === folder))).toEqual([]);
  });

  it("names in each Layers row only files of that row's folder", () => {
    const stray: string[] = [];
    for (const row of layerRows) {
      const files = filesUnder(row.folder);
      for (const [name] of row.text.matchAll(/(?<![\w/*.-])[\w.-]+\/?[\w.-]*\.ts\b/g)) {
        if (!files.some((file) => file === name || file.endsWith(`/${name}`)))
          stray.push(`${row.folder}: ${name}`);
      }
    }
    expect(stray).toEqual([]);
  });

  it('names only src/ and test/ paths that exist', () => {
    const paths = [...DOC.matchAll(/\b((?:src|test)\/[\w./-]*\w)/g)].map((match) => match[1] ?? '');
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });
});
