/**
 * The HTTP API's users: a login, a role, the rep a manager or rep is (their CRM id), and the SHA-256 hash of a
 * bearer token, and the day it expires, if it does. The token itself is shown once when the user is added and kept
 * nowhere. All users are one `api_users` document; each change is a new revision (guarded against lost updates)
 * and an audit entry.
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { cliRepArgument, IMPORT_REPS_WORDS, knownRepRow, type RepArgument } from '../analytics/known-rep.js';
import { type Dataset, NO_DAY, textAt } from '../dataset/dataset.js';
import { addDays, fromDayNumber, type IsoDate, toDayNumber } from '../domain/dates.js';
import {
  API_SYNTAX,
  type ArgumentSyntax,
  asTyped,
  type CommandLine,
  commandOnServer,
  FLAG_SYNTAX,
  InputError,
  shellWord,
} from '../domain/errors.js';
import type { Store } from '../store/store.js';

export const ROLES = ['admin', 'revops', 'finance', 'manager', 'rep'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose data is their own part of the rep hierarchy: they must name the rep they are. */
export const ROLES_WITH_REP: readonly Role[] = ['manager', 'rep'];

const userSchema = z.object({
  login: z.string(),
  role: z.enum(ROLES),
  /** The CRM id of the rep the user is (managers and reps), else null. */
  rep: z.string().nullable(),
  /** SHA-256 of the token, hex. */
  tokenHash: z.string(),
  createdOn: z.string(),
  createdBy: z.string(),
  revokedOn: z.string().nullable(),
  /** The first day the token is refused; null for a token that does not expire (users added before expiry). */
  expiresOn: z.string().nullable().default(null),
});
export type ApiUser = z.infer<typeof userSchema>;
const usersBodySchema = z.object({ users: z.array(userSchema) });
type UsersBody = z.infer<typeof usersBodySchema>;

const DOCUMENT = { kind: 'api_users', key: 'users' } as const;
const TOKEN_PREFIX = 'so_';
/** Logins are short names that are safe in logs and URLs. */
const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 32 random bytes, base64url, after a prefix that lets secret scanners recognise a leaked token. */
function newToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

async function readUsers(store: Store): Promise<{ body: UsersBody; revision: number }> {
  const document = await store.document(DOCUMENT.kind, DOCUMENT.key);
  if (!document) return { body: { users: [] }, revision: 0 };
  return { body: usersBodySchema.parse(document.body), revision: document.revision };
}

/**
 * A change to the users refused because another was saved after the revision it read (two admins at once): a lost
 * update. An InputError, so the CLI exits 2; the HTTP API answers 409.
 */
export class UsersChangedError extends InputError {
  constructor(
    readonly login: string,
    words: UserWords,
  ) {
    super({
      message: `the users were changed by someone else while ${login} was being saved`,
      location: { field: words.login },
      fix: `read them again (${words.list}) and, if it is still needed, send the change again`,
    });
    this.name = 'UsersChangedError';
  }
}

/** Saves the users as a new revision of the one read, or refuses with {@link UsersChangedError}. */
async function saveUsers(
  store: Store,
  users: ApiUser[],
  basedOn: number,
  change: Change & { readonly login: string; readonly note: string },
  words: UserWords,
): Promise<void> {
  try {
    await store.saveDocument({
      ...DOCUMENT,
      body: { users },
      savedAt: change.on,
      savedBy: change.by,
      note: change.note,
      expectRevision: basedOn,
    });
  } catch (error) {
    // The store refuses (an InputError) a revision that is no longer the latest.
    if (error instanceof InputError) throw new UsersChangedError(change.login, words);
    throw error;
  }
}

/** Every user ever added, revoked ones included, in the order they were added. */
export async function listUsers(store: Store): Promise<ApiUser[]> {
  return (await readUsers(store)).body.users;
}

export interface NewUser {
  readonly login: string;
  readonly role: Role;
  readonly rep: string | null;
  /** Days the token is accepted, from the day it is added; undefined for a token that does not expire. */
  readonly expiresInDays?: number;
}

/**
 * How the caller adds, lists and revokes users, so that a problem's field and fix are written as the caller
 * writes them: the CLI's arguments and commands ({@link CLI_USERS}) or the HTTP API's fields and routes
 * ({@link API_USERS}).
 */
export interface UserWords {
  readonly syntax: ArgumentSyntax;
  /** The new user's login as the caller gives it: `<login>`, `login`. */
  readonly login: string;
  readonly add: string;
  readonly list: string;
  readonly revoke: (login: string) => string;
  /** The new user's rep as the caller gives it, with how to import the reps and where they are listed. */
  readonly rep: RepArgument & { readonly listReps: string };
}

/**
 * The CLI's words, its commands written by `commandLine` as the user runs salesops (the program and the
 * `--workspace` they gave), in backquotes so that the wrapped fix never cuts them.
 */
export function cliUsers(commandLine: CommandLine = asTyped): UserWords {
  const command = (words: string) => `\`${commandLine(words)}\``;
  return {
    syntax: FLAG_SYNTAX,
    login: '<login>',
    add: command('salesops users add <login> --role <role>'),
    list: command('salesops users list'),
    revoke: (login) => command(`salesops users revoke ${shellWord(login)}`),
    rep: cliRepArgument(FLAG_SYNTAX.name('rep'), commandLine),
  };
}

/** The CLI's words as typed (`salesops users ...`), for callers without a command line to follow. */
export const CLI_USERS: UserWords = cliUsers();

export const API_USERS: UserWords = {
  syntax: API_SYNTAX,
  login: 'login',
  add: 'POST /api/users',
  list: 'GET /api/users',
  revoke: (login) => `POST /api/users/${login}/revoke`,
  rep: {
    field: API_SYNTAX.name('rep'),
    importReps: `run ${commandOnServer(IMPORT_REPS_WORDS)}`,
    listReps: 'GET /api/reps',
  },
};

/** How long a token lives as `users add --expires-in` takes it: `90d` (days) or `12w` (weeks). */
export function parseExpiresIn(text: string, words: UserWords = CLI_USERS): number {
  const match = /^\s*(\d+)\s*([dw])\s*$/i.exec(text);
  const days = match ? Number(match[1]) * (match[2]!.toLowerCase() === 'w' ? 7 : 1) : NaN;
  if (!(days >= 1 && days <= 3650)) {
    const { name, give } = words.syntax;
    throw new InputError({
      message: `${name('expiresIn')} ${JSON.stringify(text)} is not a lifetime of 1 day to 10 years`,
      location: { field: name('expiresIn') },
      fix: `give days or weeks, e.g. ${give('expiresIn', '90d')} or ${give('expiresIn', '12w')}`,
    });
  }
  return days;
}

/** Whether a user's token has expired on `today` (it is refused from its `expiresOn` day on). */
export function tokenExpired(user: ApiUser, today: IsoDate): boolean {
  return user.expiresOn !== null && today >= user.expiresOn;
}

/**
 * How a user whose token expired gets a new one, as the HTTP API's fix says it: the admin runs on the server the
 * commands that revoke the login, which still exists (expired, not revoked, so `users add` alone would refuse it),
 * and add it again with its role and rep, each word quoted for the shell.
 */
export function renewExpiredToken(user: ApiUser): string {
  const login = shellWord(user.login);
  const rep = user.rep === null ? '' : ` --rep ${shellWord(user.rep)}`;
  const addAgain = `users add ${login} --role ${user.role}${rep} --expires-in 90d`;
  return `ask an admin for a new one: ${commandOnServer(`users revoke ${login}`)}, then ${commandOnServer(addAgain)}`;
}

export interface Change {
  /** The day of the change (the caller's clock). */
  readonly on: string;
  /** Who made it, for the audit log. */
  readonly by: string;
}

function checkNewUser(user: NewUser, existing: readonly ApiUser[], words: UserWords): void {
  const { name, give } = words.syntax;
  if (!LOGIN_PATTERN.test(user.login)) {
    throw new InputError({
      message: `login ${JSON.stringify(user.login)} is not a plain name`,
      location: { field: words.login },
      fix: 'use letters, digits, dots, dashes and underscores (at most 64), starting with a letter or digit',
    });
  }
  if (existing.some((each) => each.login === user.login && each.revokedOn === null)) {
    throw new InputError({
      message: `user ${user.login} already exists`,
      location: { field: words.login },
      fix: `pick another login, or revoke the old one first: ${words.revoke(user.login)}`,
    });
  }
  const needsRep = ROLES_WITH_REP.includes(user.role);
  if (needsRep && user.rep === null) {
    throw new InputError({
      message: `a ${user.role} sees their own part of the rep hierarchy, and no rep was given`,
      location: { field: name('rep') },
      fix: `name the rep the user is by CRM id, e.g. ${give('rep', 'REP-0003')} (${words.rep.listReps} lists them)`,
    });
  }
  if (!needsRep && user.rep !== null) {
    throw new InputError({
      message: `${name('rep')} is for managers and reps; ${user.role === 'admin' ? 'an' : 'a'} ${user.role} sees ${user.role === 'finance' ? 'every payee' : 'all data'}`,
      location: { field: name('rep') },
      fix: `leave ${name('rep')} out, or give ${give('role', 'manager')} or ${give('role', 'rep')}`,
    });
  }
}

/**
 * The row of the reps table that a new manager or rep is, by their CRM id (`rep`); an unknown one is refused at the
 * caller's rep argument with the reps it probably meant, by id or name (`did you mean ...?`), else a few examples
 * and where the caller lists the reps; in a workspace without reps, with the import command (`words.rep`).
 * `salesops users add` and POST /api/users both check it.
 */
export function repOfNewUser(dataset: Dataset, rep: string, words: UserWords = CLI_USERS): number {
  return knownRepRow(dataset, rep, words.rep);
}

/**
 * What may be a slip in a new manager's or rep's rep (the row of the reps table they are), for the caller to warn
 * of while adding them all the same: a manager who manages nobody (they would see their own deals only), or a rep
 * who left before `on` (their data stops there). `salesops users add` and POST /api/users both warn of these.
 */
export function newUserWarnings(
  dataset: Dataset,
  repRow: number,
  role: Role,
  on: IsoDate,
  words: UserWords = CLI_USERS,
): string[] {
  const { crmId, managerIndex, endDay, count } = dataset.reps;
  const id = textAt(crmId, repRow);
  const warnings: string[] = [];
  if (role === 'manager' && !managerIndex.some((manager, rep) => rep < count && manager === repRow)) {
    warnings.push(
      `${id} has no reports: as a manager they see their own data only; did you mean ${words.syntax.give('role', 'rep')}?`,
    );
  }
  const end = endDay[repRow]!;
  if (end !== NO_DAY && end < toDayNumber(on)) {
    warnings.push(`${id} left on ${fromDayNumber(end)}: their data stops there`);
  }
  return warnings;
}

/** Adds a user and returns their token: the only time it exists outside the caller's hands. */
export async function addUser(
  store: Store,
  user: NewUser,
  change: Change,
  words: UserWords = CLI_USERS,
): Promise<{ user: ApiUser; token: string }> {
  const { body, revision } = await readUsers(store);
  checkNewUser(user, body.users, words);
  const token = newToken();
  const { expiresInDays, ...fields } = user;
  const added: ApiUser = {
    ...fields,
    tokenHash: hashToken(token),
    createdOn: change.on,
    createdBy: change.by,
    revokedOn: null,
    expiresOn: expiresInDays === undefined ? null : addDays(change.on as IsoDate, expiresInDays),
  };
  const note = `add ${user.login}`;
  await saveUsers(store, [...body.users, added], revision, { ...change, login: user.login, note }, words);
  await store.appendAudit({
    at: change.on,
    actor: change.by,
    action: 'user.add',
    subject: `api_user:${user.login}`,
    detail: {
      login: user.login,
      role: user.role,
      rep: user.rep,
      ...(added.expiresOn === null ? {} : { expiresOn: added.expiresOn }),
    },
  });
  return { user: added, token };
}

/** Revokes a user's token: from the next request on, it is refused. */
export async function revokeUser(
  store: Store,
  login: string,
  change: Change,
  words: UserWords = CLI_USERS,
): Promise<ApiUser> {
  const { body, revision } = await readUsers(store);
  const active = body.users.find((each) => each.login === login && each.revokedOn === null);
  if (!active) {
    const logins = [
      ...new Set(body.users.filter((each) => each.revokedOn === null).map((each) => each.login)),
    ];
    throw new InputError({
      message: `there is no active user ${JSON.stringify(login)}`,
      location: { field: words.login },
      fix:
        logins.length > 0
          ? `give one of ${logins.join(', ')} (${words.list})`
          : `there are no active users; add one with ${words.add}`,
    });
  }
  const revoked: ApiUser = { ...active, revokedOn: change.on };
  const users = body.users.map((each) => (each === active ? revoked : each));
  await saveUsers(store, users, revision, { ...change, login, note: `revoke ${login}` }, words);
  await store.appendAudit({
    at: change.on,
    actor: change.by,
    action: 'user.revoke',
    subject: `api_user:${login}`,
    detail: { login },
  });
  return revoked;
}

/**
 * The user holding `token` who has not been revoked, or null: compared by hash, in constant time per stored hash.
 * Whether their token has expired is the caller's to check ({@link tokenExpired}), so it can say so.
 */
export async function userOfToken(store: Store, token: string): Promise<ApiUser | null> {
  const presented = Buffer.from(hashToken(token), 'hex');
  for (const user of (await readUsers(store)).body.users) {
    if (user.revokedOn !== null) continue;
    if (timingSafeEqual(presented, Buffer.from(user.tokenHash, 'hex'))) return user;
  }
  return null;
}
