import { describe, expect, it } from 'vitest';
import { paragraph, wrapProblemText } from './problem-text.js';

describe('wrapProblemText', () => {
  it('leaves an error that fits as it is', () => {
    expect(wrapProblemText('error: --by names owner twice\n  fix: name each dimension once')).toEqual([
      'error: --by names owner twice',
      '  fix: name each dimension once',
    ]);
  });

  it('wraps a long message and a long fix at 110 columns, each continued four spaces in', () => {
    const message =
      'error: salesops.yaml stages: the data holds stages the stage model does not know: "Commit" (in the ' +
      'history only), "Negotiation" (in the history only)';
    const fix =
      '  fix: add them to stages in salesops.yaml (with outcome open, won or lost), or map them to a known ' +
      'stage in the import mapping (values: stage:) and import again: Qualification, Discovery';
    // " only)," would take the first line to 113 columns, " the" the fix's to 112.
    expect(wrapProblemText(`${message}\n${fix}`)).toEqual([
      'error: salesops.yaml stages: the data holds stages the stage model does not know: "Commit" (in the history',
      '    only), "Negotiation" (in the history only)',
      '  fix: add them to stages in salesops.yaml (with outcome open, won or lost), or map them to a known stage in',
      '    the import mapping (values: stage:) and import again: Qualification, Discovery',
    ]);
  });

  it('never cuts a backticked command', () => {
    expect(
      wrapProblemText(
        '  fix: import them with `npx salesops import Lead.csv --source salesforce --workspace /srv/acme`, ' +
          '`npx salesops import contacts.csv --source hubspot --workspace /srv/acme`',
      ),
    ).toEqual([
      '  fix: import them with `npx salesops import Lead.csv --source salesforce --workspace /srv/acme`,',
      '    `npx salesops import contacts.csv --source hubspot --workspace /srv/acme`',
    ]);
  });

  it("keeps a fix's YAML lines as they are, and continues a long indented line two spaces further in", () => {
    const yaml = [
      "  fix: replace the EUR entries under fx: in salesops.yaml with the CRM's rates:",
      '  - currency: EUR',
      '    from: 2026-01-01',
    ];
    expect(
      wrapProblemText(
        [
          ...yaml,
          '    rate: "1.08" (the CRM\'s rate from 2026-01-01; salesops.yaml has 1.10 from 2025-07-01, which it ' +
            'keeps afterwards)',
        ].join('\n'),
      ),
    ).toEqual([
      ...yaml,
      '    rate: "1.08" (the CRM\'s rate from 2026-01-01; salesops.yaml has 1.10 from 2025-07-01, which it keeps',
      '      afterwards)',
    ]);
  });
});

describe('paragraph', () => {
  it('leaves a note that fits on one line, and wraps a longer one at 110 columns, continued two spaces in', () => {
    expect(paragraph('warning: no reps yet')).toBe('warning: no reps yet');
    const note =
      "No reps yet: import your CRM's users, e.g. `npx salesops import User.csv --source salesforce " +
      '--workspace /srv/acme`, then list them.';
    // The backticked command is one word: with it, the first line would reach 116 columns.
    expect(paragraph(note)).toBe(
      "No reps yet: import your CRM's users, e.g.\n" +
        '  `npx salesops import User.csv --source salesforce --workspace /srv/acme`, then list them.',
    );
  });
});
