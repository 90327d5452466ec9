import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGES } from '../../domain/stage-model.js';
import { parseMappingYaml } from './mapping-file.js';
import { guessStage, stageMappingYaml, suggestMapping } from './suggest-mapping.js';

const fixture = (path: string) =>
  fileURLToPath(new URL(`../../../test/fixtures/import/${path}`, import.meta.url));

describe('guessStage', () => {
  it('guesses a workspace stage by name, won/lost words and shared words; none when nothing is alike', () => {
    expect(guessStage('closed won', DEFAULT_STAGES)).toEqual({ stage: 'Closed Won', exact: true });
    expect(guessStage('Won', DEFAULT_STAGES)).toEqual({ stage: 'Closed Won', exact: false });
    expect(guessStage('Closed - Lost', DEFAULT_STAGES)).toEqual({ stage: 'Closed Lost', exact: false });
    expect(guessStage('Proposal/Price Quote', DEFAULT_STAGES)).toEqual({ stage: 'Proposal', exact: false });
    expect(guessStage('Negotiation/Review', DEFAULT_STAGES)).toEqual({ stage: 'Negotiation', exact: false });
    expect(guessStage('Appointment Scheduled', DEFAULT_STAGES)).toBeNull();
  });
});

describe('stageMappingYaml', () => {
  it('maps each stage name onto the stage guessed, or leaves it commented out, in a mapping file that reads', () => {
    const lines = stageMappingYaml(['Proposal/Price Quote', 'Appointment Scheduled'], DEFAULT_STAGES);
    expect(lines).toEqual([
      'files:',
      '  - values:',
      '      stage:',
      '        "Proposal/Price Quote": "Proposal"   # check: guessed',
      '        # "Appointment Scheduled": ?   # no stage is like it',
    ]);
    const [entry] = parseMappingYaml(lines.join('\n'), 'stages.yaml').entries;
    expect(entry?.overlay.values).toEqual({ stage: { 'Proposal/Price Quote': 'Proposal' } });
  });
});

describe('suggestMapping', () => {
  it('starts from the preset that recognises the file, with the stages to map and the columns it leaves out', async () => {
    const text = await suggestMapping(fixture('salesforce/opportunities-report.csv'), {
      stages: DEFAULT_STAGES,
    });
    expect(text).toContain('source: salesforce\n');
    expect(text).toContain(
      '    entity: opportunities   # recognised as Salesforce (report export of opportunities)\n',
    );
    expect(text).toMatch(/"Amount":\s+amount\s+# decimal, e\.g\. "24,500\.00"/);
    expect(text).toMatch(/"Age":\s+null\s+# not imported: derived by the CRM from other columns/);
    expect(text).toContain('        "Negotiation/Review": "Negotiation"   # check: guessed\n');
    expect(text).toContain('    dateOrder: mdy   # from the dates that show it\n');
    // What it writes is a valid mapping file.
    expect(parseMappingYaml(text, 'suggested.yaml').entries).toHaveLength(1);
  });

  it('matches plain headers by name and leaves the rest for the user, with what each column holds', async () => {
    const text = await suggestMapping(fixture('maven/sales_pipeline.csv'), { stages: DEFAULT_STAGES });
    expect(text).toContain(
      '    entity: opportunities   # guessed from the headers (check: some required fields are not matched yet)\n',
    );
    expect(text).toMatch(/"opportunity_id":\s+id\s+# text/);
    expect(text).toMatch(/"sales_agent":\s+ownerName\s+# text, e\.g\. "Moses Frase"/);
    expect(text).toMatch(/"close_value":\s+amount\s+# integer/);
    expect(text).toContain('        "Won": "Closed Won"   # check: guessed\n');
    expect(text).toContain('        # "Engaging": ?   # no stage is like it');
    expect(parseMappingYaml(text, 'suggested.yaml').entries[0]?.entity).toBe('opportunities');
  });

  it('notes a decimal comma, the day-first order and currency signs', async () => {
    const text = await suggestMapping(fixture('european/verkaufschancen.csv'), { stages: DEFAULT_STAGES });
    expect(text).toContain('    dateOrder: dmy   # from the dates that show it\n');
    expect(text).toContain('    decimalSeparator: ","   # numbers are written like 1.234,56\n');
    expect(text).toContain('    # currency: ?   # amounts show €');
  });
});
