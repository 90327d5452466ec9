import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { datasetOf } from '../../test/analytics/named-dataset.js';
import { problemsOf } from '../../test/problems-of.js';
import { emptyBatch } from '../domain/entities.js';
import { InputError } from '../domain/errors.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import type { IsoDate } from '../domain/dates.js';
import {
  addUser,
  API_USERS,
  cliUsers,
  hashToken,
  listUsers,
  parseExpiresIn,
  renewExpiredToken,
  repOfNewUser,
  revokeUser,
  tokenExpired,
  UsersChangedError,
  userOfToken,
} from './users.js';

const on = { on: '2026-11-27', by: 'it-admin' };
let folder: string;
let store: Store;

beforeEach(async () => {
  folder = mkdtempSync(join(tmpdir(), 'salesops-users-'));
  store = await openStore({ sqlitePath: join(folder, 'salesops.db') });
});
afterEach(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

/** The first problem of the InputError that `work` throws. */
async function problemOf(work: Promise<unknown>) {
  const error = await work.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(InputError);
  return (error as InputError).problems[0];
}

describe('API users', () => {
  it('keeps only the hash of a token, and finds the user by the token', async () => {
    const { user, token } = await addUser(store, { login: 'dana', role: 'manager', rep: 'REP-0003' }, on);
    expect(token).toMatch(/^so_[\w-]{43}$/);
    expect(user.tokenHash).toBe(hashToken(token));
    expect(user.tokenHash).not.toContain(token);
    expect(JSON.stringify(await store.document('api_users', 'users'))).not.toContain(token);
    expect(await userOfToken(store, token)).toEqual(user);
    expect(await userOfToken(store, `${token}x`)).toBeNull();
    expect(await store.auditLog()).toEqual([
      expect.objectContaining({
        actor: 'it-admin',
        action: 'user.add',
        subject: 'api_user:dana',
        detail: { login: 'dana', role: 'manager', rep: 'REP-0003' },
      }),
    ]);
  });

  it('refuses a revoked token, and lets the login be added again with a new one', async () => {
    const first = await addUser(store, { login: 'fin', role: 'finance', rep: null }, on);
    await revokeUser(store, 'fin', { on: '2026-11-28', by: 'it-admin' });
    expect(await userOfToken(store, first.token)).toBeNull();
    const second = await addUser(store, { login: 'fin', role: 'finance', rep: null }, on);
    expect(await userOfToken(store, second.token)).toMatchObject({ login: 'fin', revokedOn: null });
    expect((await listUsers(store)).map((user) => [user.login, user.revokedOn])).toEqual([
      ['fin', '2026-11-28'],
      ['fin', null],
    ]);
  });

  it('refuses a second active login, a manager without a rep, an admin with one, and an odd login', async () => {
    await addUser(store, { login: 'dana', role: 'admin', rep: null }, on);
    expect(await problemOf(addUser(store, { login: 'dana', role: 'revops', rep: null }, on))).toMatchObject({
      message: 'user dana already exists',
      fix: 'pick another login, or revoke the old one first: `salesops users revoke dana`',
    });
    expect(await problemOf(addUser(store, { login: 'max', role: 'manager', rep: null }, on))).toMatchObject({
      location: { field: '--rep' },
    });
    expect(
      await problemOf(addUser(store, { login: 'max', role: 'admin', rep: 'REP-0001' }, on)),
    ).toMatchObject({
      location: { field: '--rep' },
    });
    expect(await problemOf(addUser(store, { login: 'a b', role: 'rep', rep: 'REP-0001' }, on))).toMatchObject(
      {
        location: { field: '<login>' },
      },
    );
    expect(await problemOf(revokeUser(store, 'nobody', on))).toMatchObject({
      message: 'there is no active user "nobody"',
      fix: 'give one of dana (`salesops users list`)',
    });
  });
});

describe("the callers' words", () => {
  it("writes the CLI's commands as the user runs salesops, in backquotes; the API's stay routes", async () => {
    const npx = cliUsers((words) => `${words.replace(/^salesops/, 'npx salesops')} --workspace 'my acme'`);
    await addUser(store, { login: 'dana', role: 'admin', rep: null }, on, npx);
    expect(
      await problemOf(addUser(store, { login: 'dana', role: 'revops', rep: null }, on, npx)),
    ).toMatchObject({
      fix: "pick another login, or revoke the old one first: `npx salesops users revoke dana --workspace 'my acme'`",
    });
    expect(await problemOf(addUser(store, { login: 'max', role: 'rep', rep: null }, on, npx))).toMatchObject({
      fix: "name the rep the user is by CRM id, e.g. --rep REP-0003 (`npx salesops reps --workspace 'my acme'` lists them)",
    });
    expect(await problemOf(revokeUser(store, 'nobody', on, npx))).toMatchObject({
      fix: "give one of dana (`npx salesops users list --workspace 'my acme'`)",
    });
    expect(
      await problemOf(addUser(store, { login: 'max', role: 'rep', rep: null }, on, API_USERS)),
    ).toMatchObject({
      location: { field: 'rep' },
      fix: 'name the rep the user is by CRM id, e.g. rep=REP-0003 (GET /api/reps lists them)',
    });
    expect(await problemOf(revokeUser(store, 'nobody', on, API_USERS))).toMatchObject({
      fix: 'give one of dana (GET /api/users)',
    });
  });

  it("has the API's user ask for the reps' import on the server, as the API's other fixes do", async () => {
    const empty = await datasetOf(emptyBatch());
    expect(problemsOf(() => repOfNewUser(empty, 'REP-0001', API_USERS))).toEqual([
      {
        message: 'unknown rep "REP-0001": the workspace holds no reps yet',
        location: { field: 'rep' },
        fix: "import your CRM's users first, e.g. run salesops `import User.csv --source salesforce` on the server",
      },
    ]);
    expect(problemsOf(() => repOfNewUser(empty, 'REP-0001', cliUsers()))[0]?.fix).toBe(
      "import your CRM's users first, e.g. `salesops import User.csv --source salesforce`",
    );
  });
});

describe('two changes at once', () => {
  it('refuses the change based on a revision another one replaced, keeping both users out of a lost update', async () => {
    await addUser(store, { login: 'ops', role: 'admin', rep: null }, on);
    // Both read revision 1; the first to save wins, the other is refused rather than dropping the first's user.
    const results = await Promise.allSettled([
      addUser(store, { login: 'kim', role: 'revops', rep: null }, { on: '2026-11-28', by: 'ops' }),
      revokeUser(store, 'ops', { on: '2026-11-28', by: 'ops2' }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected']);
    const refused = (results[1] as PromiseRejectedResult).reason as UsersChangedError;
    expect(refused).toBeInstanceOf(UsersChangedError);
    expect(refused.problems[0]).toMatchObject({
      location: { field: '<login>' },
      fix: 'read them again (`salesops users list`) and, if it is still needed, send the change again',
    });
    expect((await listUsers(store)).map((user) => [user.login, user.revokedOn])).toEqual([
      ['ops', null],
      ['kim', null],
    ]);
    expect((await store.auditLog()).map((entry) => entry.action)).toEqual(['user.add', 'user.add']);
  });
});

describe('token expiry', () => {
  it('reads a lifetime in days or weeks, and refuses anything else with the form to use', () => {
    expect([parseExpiresIn('90d'), parseExpiresIn('12w'), parseExpiresIn(' 1D ')]).toEqual([90, 84, 1]);
    for (const text of ['90', '0d', '1y', '-5d', '3651d', 'soon']) {
      expect(() => parseExpiresIn(text), text).toThrow(InputError);
    }
    expect(() => parseExpiresIn('90')).toThrow(/give days or weeks, e\.g\. --expires-in 90d/);
  });

  it('keeps the day a token expires, and refuses it from that day on', async () => {
    const change = { on: '2026-11-27', by: 'it-admin' };
    const { user } = await addUser(
      store,
      { login: 'temp', role: 'revops', rep: null, expiresInDays: 30 },
      change,
    );
    expect(user.expiresOn).toBe('2026-12-27');
    expect(tokenExpired(user, '2026-12-26' as IsoDate)).toBe(false);
    expect(tokenExpired(user, '2026-12-27' as IsoDate)).toBe(true);
    const { user: lasting } = await addUser(store, { login: 'ever', role: 'revops', rep: null }, change);
    expect([lasting.expiresOn, tokenExpired(lasting, '2099-01-01' as IsoDate)]).toEqual([null, false]);
    // The fix for an expired token revokes the login and adds it again, its rep quoted for the shell.
    const { user: dara } = await addUser(
      store,
      { login: 'dara', role: 'rep', rep: "Dara O'Neil", expiresInDays: 7 },
      change,
    );
    expect(renewExpiredToken(dara)).toBe(
      'ask an admin for a new one: salesops `users revoke dara` on the server, then ' +
        "salesops `users add dara --role rep --rep 'Dara O'\\''Neil' --expires-in 90d` on the server",
    );
    expect((await store.auditLog())[0]?.detail).toEqual({
      login: 'temp',
      role: 'revops',
      rep: null,
      expiresOn: '2026-12-27',
    });
  });
});
