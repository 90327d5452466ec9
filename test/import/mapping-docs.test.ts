import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseMappingYaml } from '../../src/ingest/index.js';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

describe('the README mapping file example', () => {
  it('is a valid mapping file, field names included', () => {
    const section = readme.slice(readme.indexOf('## Mapping files'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    const mapping = parseMappingYaml(example ?? '', 'README.md');
    expect(mapping.source).toBe('pipedrive');
    expect(mapping.entries.map((entry) => [entry.match, entry.entity])).toEqual([
      ['deals*.csv', 'opportunities'],
      ['organizations*.csv', 'accounts'],
    ]);
    expect(mapping.entries[0]?.overlay.columns).toContainEqual({
      header: 'Deal - ARR (k)',
      field: 'listAmount',
      scale: 1000,
    });
  });
});
