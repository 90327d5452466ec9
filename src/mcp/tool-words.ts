/**
 * The shared workflows' InputErrors speak the command line's language: `--by "ownr" is not a dimension`, fixes
 * with `--by owner,fiscal_quarter` and `salesops comp run ...`. A tool's caller passes JSON arguments and runs
 * commands from no particular folder, so each problem is put in the tools' words here: the flag becomes the
 * argument (said once, as the location), CLI syntax becomes the argument's JSON shape, and a suggested command
 * names the served workspace so that it runs as printed.
 * @module
 */
import { type Problem, shellWord } from '../domain/errors.js';

/** A command-line flag or argument as the tools name it: `--stale-days` is `staleDays`, `<payee>` is `payee`. */
export function argumentName(flag: string): string {
  const bare = flag.replace(/^--/, '').replace(/^<(.*)>$/, '$1');
  return bare.replace(/-([a-z])/g, (_dash, letter: string) => letter.toUpperCase());
}

/**
 * The fixes' CLI syntax and the tools' shape for the same advice, in the order they are tried. Each names the
 * exact text of a shared fix (src/analytics, src/services), so a reworded fix shows here as a failing test
 * (test/mcp/tool-words.test.ts) rather than as CLI syntax reaching an assistant.
 */
const FIX_SYNTAX: readonly (readonly [RegExp, string])[] = [
  // parseDimensions (metrics, pipeline): `by` is an array, its entries crossed.
  [/\(several: --by owner,fiscal_quarter\)/, '(several: "by": ["owner", "fiscal_quarter"])'],
  // parseBreakdowns (win/loss): each entry of `by` is a breakdown, commas inside one cross dimensions.
  [
    /commas cross dimensions \(--by competitor,segment\), another --by adds a breakdown/,
    'commas inside one entry cross dimensions ("by": ["competitor,segment"]), another entry adds a breakdown',
  ],
  [/name each dimension once in a --by$/, 'name each dimension once in an entry of "by"'],
  // parseOpportunitySort: the tool's `sort` is an array of keys.
  [
    /comma-separated, each with - before it for descending \(e\.g\. -amount,closeDate\)/,
    'one key an entry, each with - before it for descending (e.g. "sort": ["-amount", "closeDate"])',
  ],
  // Commands a tool answers better than a shell: the assistant can call it at once.
  [/`salesops metrics list` lists every metric/, 'salesops_list_metrics lists every metric'],
  [/salesops comp run --period (\S+) lists them/, 'salesops_comp_run with "period": "$1" lists them'],
];

/**
 * A fix's `salesops ...` commands with `--workspace <folder>`: those in backquotes, and one that ends the fix
 * (`run it first: salesops comp run --period FY2027-M04 --plans <folder of plans>`).
 */
function inWorkspace(fix: string, folder: string): string {
  const flag = ` --workspace ${shellWord(folder)}`;
  if (fix.includes('`salesops '))
    return fix.replace(/`(salesops [^`]*)`/g, (_whole, command) => `\`${command}${flag}\``);
  return /(^|: )salesops [a-z]/.test(fix) ? `${fix}${flag}` : fix;
}

/** A fix in the tools' syntax, with the served workspace in the commands it suggests. */
export function toolFix(fix: string, folder: string): string {
  const translated = FIX_SYNTAX.reduce((text, [cli, tool]) => text.replace(cli, tool), fix);
  return inWorkspace(translated, folder);
}

/**
 * A shared workflow's problem in the tools' words: its location (or the flag its message starts with) becomes
 * the argument name, said once (`by: "ownr" is not a dimension`, not `by: --by "ownr" ...`, nor `page: page: ...`), and its fix is
 * {@link toolFix}'s.
 */
export function inToolWords(problem: Problem, folder: string): Problem {
  const flag = /^(--[a-z][a-z-]*|<[a-z-]+>)(?= )/.exec(problem.message)?.[0];
  const located = problem.location?.field ?? flag;
  const field = located === undefined ? undefined : argumentName(located);
  const named =
    flag === undefined ? problem.message : argumentName(flag) + problem.message.slice(flag.length);
  const said =
    field === undefined ? undefined : [`${field} `, `${field}: `].find((lead) => named.startsWith(lead));
  const message = said === undefined ? named : named.slice(said.length);
  return {
    ...problem,
    message,
    ...(field === undefined ? {} : { location: { ...problem.location, field } }),
    ...(problem.fix === undefined ? {} : { fix: toolFix(problem.fix, folder) }),
  };
}
