import { describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from '../cli/run-cli.js';

describe('salesops import --help', () => {
  it('names every kind of record the import reads, funnel and costs included', async () => {
    const scratch = scratchFolder();
    try {
      const run = await runCli(['import', '--help'], { cwd: scratch.path });
      expect(run.code).toBe(0);
      // The description, between the usage line and the arguments, joined where the help wraps it.
      const description = run.stdout.split('Arguments:')[0]?.replace(/\s+/g, ' ') ?? '';
      expect(description).toContain('import CRM exports');
      for (const records of [
        'opportunities',
        'accounts',
        'reps',
        'history',
        'quotas',
        'costs',
        'activities',
        'leads',
      ])
        expect(description).toContain(records);
    } finally {
      scratch.remove();
    }
  });
});
