/**
 * `salesops users`: the HTTP API's users. `add` prints a new user's bearer token once (only its hash is kept),
 * `list` shows who may call the API, `revoke` refuses a token from the next request on.
 * @module
 */
import { Command, Option } from 'commander';
import { type Column, renderCsv, renderTextTable } from '../../reports/table.js';
import {
  addUser,
  type ApiUser,
  cliUsers,
  listUsers,
  newUserWarnings,
  parseExpiresIn,
  repOfNewUser,
  revokeUser,
  type Role,
  ROLES,
} from '../../server/users.js';
import type { CommandContext } from '../context.js';
import { resolveAsOf } from '../io.js';

const USER_COLUMNS: readonly Column<ApiUser>[] = [
  { header: 'login', value: (user) => user.login },
  { header: 'role', value: (user) => user.role },
  { header: 'rep', value: (user) => user.rep ?? '' },
  { header: 'created', value: (user) => `${user.createdOn} by ${user.createdBy}` },
  { header: 'revoked', value: (user) => user.revokedOn ?? '' },
  { header: 'expires', value: (user) => user.expiresOn ?? '' },
];

/** A user as listed: everything but the token's hash. */
const listed = ({ tokenHash: _tokenHash, ...user }: ApiUser) => user;

interface AddOptions {
  readonly role: Role;
  readonly rep?: string;
  readonly expiresIn?: string;
}

function addCommand(context: CommandContext): Command {
  return new Command('add')
    .description('add a user and print their bearer token (shown once; only its hash is kept)')
    .argument('<login>', 'a short name, e.g. dana')
    .addOption(
      new Option('--role <role>', 'what the user may see and do').choices(ROLES).makeOptionMandatory(),
    )
    .option('--rep <rep id>', 'managers and reps: the rep they are (CRM id); a manager sees their subtree')
    .option(
      '--expires-in <lifetime>',
      'refuse the token after this long, in days or weeks: 90d, 12w (default: it does not expire)',
    )
    .action(async (login: string, options: AddOptions, command: Command) => {
      const globals = context.globals(command);
      const on = resolveAsOf(globals, context.io);
      const words = cliUsers(context.commandLine(command));
      const expiresIn =
        options.expiresIn === undefined ? {} : { expiresInDays: parseExpiresIn(options.expiresIn, words) };
      const { user, token, warnings } = await context.withWorkspace(command, async (workspace) => {
        const warnings: string[] = [];
        if (options.rep !== undefined) {
          const dataset = await context.loadDataset(workspace);
          const row = repOfNewUser(dataset, options.rep, words);
          warnings.push(...newUserWarnings(dataset, row, options.role, on, words));
        }
        const added = await addUser(
          workspace.store,
          { login, role: options.role, rep: options.rep ?? null, ...expiresIn },
          { on, by: context.actor() },
          words,
        );
        return { ...added, warnings };
      });
      if (globals.format === 'json') {
        context.out(`${JSON.stringify({ ...listed(user), token, warnings }, null, 2)}\n`);
        return;
      }
      const who = user.rep === null ? user.role : `${user.role} ${user.rep}`;
      for (const warning of warnings) context.note(`warning: ${warning}`);
      context.out(`${token}\n`);
      const expiry = user.expiresOn === null ? '' : ` It is refused from ${user.expiresOn} on.`;
      context.note(
        `Added ${user.login} (${who}). The line above is their bearer token, shown this once: hand it over ` +
          `privately. Lost, it cannot be shown again: revoke the user and add them anew.${expiry}`,
      );
    });
}

function listCommand(context: CommandContext): Command {
  return new Command('list')
    .description('the API users, revoked ones included (never their tokens)')
    .action(async (_options: unknown, command: Command) => {
      const { format } = context.globals(command);
      const users = await context.withWorkspace(command, (workspace) => listUsers(workspace.store));
      if (format === 'json') context.out(`${JSON.stringify(users.map(listed), null, 2)}\n`);
      else if (format === 'csv') context.out(renderCsv(USER_COLUMNS, users));
      else context.out(users.length > 0 ? renderTextTable(USER_COLUMNS, users) : 'No users yet.\n');
    });
}

function revokeCommand(context: CommandContext): Command {
  return new Command('revoke')
    .description("revoke a user's token: refused from the next request on")
    .argument('<login>', 'the user')
    .action(async (login: string, _options: unknown, command: Command) => {
      const on = resolveAsOf(context.globals(command), context.io);
      const user = await context.withWorkspace(command, (workspace) =>
        revokeUser(
          workspace.store,
          login,
          { on, by: context.actor() },
          cliUsers(context.commandLine(command)),
        ),
      );
      context.out(`Revoked ${user.login} as of ${on}.\n`);
    });
}

export function usersCommand(context: CommandContext): Command {
  const users = new Command('users')
    .description('the HTTP API users: add (prints a token once), list, revoke')
    .addHelpText(
      'after',
      `
Roles: admin (everything, and users), revops (pipeline, forecasts, adjustments), finance (every payee's pay,
pipeline read), manager (their subtree of the rep hierarchy: pipeline, forecast, pay, adjustments), rep (their
own deals, forecast and statement). Managers and reps name the rep they are with --rep, by CRM id (salesops
reps lists them).

Examples:
  $ salesops reps --workspace acme
  $ salesops users add dana --role manager --rep REP-0003 --workspace acme
  $ salesops users add fin --role finance --expires-in 90d --workspace acme
  $ salesops users list --workspace acme
  $ salesops users revoke dana --workspace acme`,
    );
  for (const sub of [addCommand(context), listCommand(context), revokeCommand(context)]) {
    users.addCommand(sub);
  }
  return users;
}
