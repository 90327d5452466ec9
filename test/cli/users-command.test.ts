/**
 * `salesops users add` over the named workspace (test/analytics/named-dataset.ts): what it warns of, in its text
 * and its JSON, and an unknown rep refused with the reps it probably meant. Cid (A3) is an AE, who manages nobody,
 * and left on 2026-08-10; Mia (M1) manages Ann and Ben and is employed.
 * @module
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitsTerminal } from '../../src/reports/table.js';
import { writeNamedWorkspace } from './named-workspace.js';
import { runCli, scratchFolder, unwrappedProblems } from './run-cli.js';

const AS_OF = '2026-11-27';
const scratch = scratchFolder();
beforeAll(() => writeNamedWorkspace(join(scratch.path, 'named')));
afterAll(() => scratch.remove());

const usersAdd = (...args: string[]) =>
  runCli(['users', 'add', ...args, '--workspace', 'named', '--as-of', AS_OF], {
    cwd: scratch.path,
    env: { SALESOPS_USER: 'it-admin' },
  });

const CID_MANAGES_NOBODY =
  'A3 has no reports: as a manager they see their own data only; did you mean --role rep?';
const CID_LEFT = 'A3 left on 2026-08-10: their data stops there';

describe('salesops users add', () => {
  it('gives in its JSON the warnings its text prints, and an empty list when there are none', async () => {
    const slip = await usersAdd('cid', '--role', 'manager', '--rep', 'A3', '--format', 'json');
    expect(slip.code, slip.stderr).toBe(0);
    const { token, ...added } = JSON.parse(slip.stdout) as Record<string, unknown>;
    expect(token).toMatch(/^so_[\w-]{43}$/);
    expect(added).toEqual({
      login: 'cid',
      role: 'manager',
      rep: 'A3',
      createdOn: AS_OF,
      createdBy: 'it-admin',
      revokedOn: null,
      expiresOn: null,
      warnings: [CID_MANAGES_NOBODY, CID_LEFT],
    });
    // In the JSON only: stderr does not say them again.
    expect(slip.stderr).not.toContain('warning:');

    const mia = await usersAdd('mia', '--role', 'manager', '--rep', 'M1', '--format', 'json');
    expect(mia.code, mia.stderr).toBe(0);
    expect(JSON.parse(mia.stdout)).toMatchObject({ login: 'mia', rep: 'M1', warnings: [] });

    // The text: the same warnings on stderr, the token alone on stdout.
    const text = await usersAdd('cid-rep', '--role', 'rep', '--rep', 'A3');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^so_[\w-]{43}\n$/);
    expect(text.stderr).toContain(`warning: ${CID_LEFT}\n`);
    expect(text.stderr).not.toContain('no reports');
  });

  it('refuses an unknown rep at --rep, with the reps it probably meant, and adds nobody', async () => {
    const typo = await usersAdd('cyd', '--role', 'rep', '--rep', 'Cyd');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--rep: unknown rep "Cyd"\n  fix: give a rep id; did you mean A3 (Cid)?');
    const nothingClose = await usersAdd('zed', '--role', 'rep', '--rep', 'REP-0042');
    expect(nothingClose.code).toBe(2);
    expect(unwrappedProblems(nothingClose.stderr)).toBe(
      'error: --rep: unknown rep "REP-0042"\n  fix: give the CRM id of a rep in the workspace, e.g. V1 (Vera), ' +
        'M1 (Mia), M2 (Max), A1 (Ann), A2 (Ben) (`salesops reps --workspace named` lists them)\n',
    );
    const list = await runCli(['users', 'list', '--workspace', 'named', '--format', 'json'], {
      cwd: scratch.path,
    });
    const logins = (JSON.parse(list.stdout) as { login: string }[]).map((user) => user.login);
    expect(logins).toEqual(['cid', 'mia', 'cid-rep']);
  });

  it('says the token in lines of at most 110 columns, and writes its fixes as the user runs salesops', async () => {
    const npx = (...args: string[]) =>
      runCli([...args, '--workspace', 'named', '--as-of', AS_OF], {
        cwd: scratch.path,
        program: 'npx salesops',
      });
    const added = await npx('users', 'add', 'vera', '--role', 'admin', '--expires-in', '12w');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toBe(
      'Added vera (admin). The line above is their bearer token, shown this once: hand it over privately. Lost, it\n' +
        '  cannot be shown again: revoke the user and add them anew. It is refused from 2027-02-19 on.\n',
    );
    expect(fitsTerminal(added.stderr)).toBe(true);
    const again = await npx('users', 'add', 'vera', '--role', 'admin');
    expect(again.code).toBe(2);
    expect(unwrappedProblems(again.stderr)).toBe(
      'error: <login>: user vera already exists\n' +
        '  fix: pick another login, or revoke the old one first: `npx salesops users revoke vera --workspace named`\n',
    );
    expect(fitsTerminal(again.stderr)).toBe(true);
    const noRep = await npx('users', 'add', 'rex', '--role', 'rep');
    expect(unwrappedProblems(noRep.stderr)).toContain(
      'fix: name the rep the user is by CRM id, e.g. --rep REP-0003 (`npx salesops reps --workspace named` lists them)\n',
    );
    const revoked = await npx('users', 'revoke', 'vera');
    expect(revoked.stdout).toBe(`Revoked vera as of ${AS_OF}.\n`);
    const nobody = await npx('users', 'revoke', 'nobody');
    expect(nobody.code).toBe(2);
    expect(unwrappedProblems(nobody.stderr)).toContain(
      'give one of cid, mia, cid-rep (`npx salesops users list --workspace named`)\n',
    );
  });

  it('in a workspace without reps, says how to import them as the user runs salesops, in their workspace', async () => {
    const npx = (...args: string[]) => runCli(args, { cwd: scratch.path, program: 'npx salesops' });
    expect((await npx('init', 'empty')).code).toBe(0);
    const run = await npx(
      'users',
      'add',
      'dana',
      '--role',
      'rep',
      '--rep',
      'REP-0001',
      '--workspace',
      'empty',
    );
    expect(run.code).toBe(2);
    expect(unwrappedProblems(run.stderr)).toBe(
      'error: --rep: unknown rep "REP-0001": the workspace holds no reps yet\n' +
        "  fix: import your CRM's users first, e.g. " +
        '`npx salesops import User.csv --source salesforce --workspace empty`\n',
    );
  });
});
