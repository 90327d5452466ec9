/**
 * Account assignment rules: which reps may own which accounts. A rule has numbered conditions on account fields
 * (`segment is Enterprise`, `employees >= 1000`, `region in West, Central`), boolean logic over their numbers
 * (`(1 AND 2) OR 3`; all conditions ANDed when left out), a priority, and whom it assigns to (reps by id, roles,
 * teams, and whether the rep must share the account's region or segment). The first rule by priority whose logic
 * holds decides an account's eligible reps; an account no rule matches may go to any rep.
 *
 * Rules are written in a YAML file (or a plan version's body) and parsed here with every problem located: the
 * path of the entry, and for a logic expression the column within it. Compiled, they are the eligibility
 * predicate `(account, rep) => boolean` the territory engine and the router accept.
 * @module
 */
import type { Problem } from '../domain/errors.js';
import { parseDecimalToMinor, type CurrencyCode, type MinorUnits } from '../domain/money.js';
import { InputError } from '../domain/errors.js';

/** The account fields a condition may test. `revenue` is the account's annual revenue. */
export const RULE_FIELDS = [
  'segment',
  'region',
  'tier',
  'country',
  'industry',
  'employees',
  'revenue',
] as const;
export type RuleField = (typeof RULE_FIELDS)[number];
type TextField = 'segment' | 'region' | 'tier' | 'country' | 'industry';
type NumberField = 'employees' | 'revenue';
const NUMBER_FIELDS: readonly RuleField[] = ['employees', 'revenue'];

/** What rules see of an account. */
export interface RuleAccount {
  readonly segment: string | null;
  readonly region: string | null;
  readonly tier: string | null;
  readonly country: string | null;
  readonly industry: string | null;
  readonly employees: number | null;
  /** Annual revenue in minor units of the corporate currency. */
  readonly annualRevenue: MinorUnits | null;
}

/** What rules see of a rep. */
export interface RuleRep {
  readonly id: string;
  readonly role: string;
  readonly team: string | null;
  readonly segment: string | null;
  readonly region: string | null;
}

export type Comparison = '>=' | '<=' | '>' | '<' | '=' | '!=';

/** One numbered condition. Text is compared ignoring case and surrounding spaces. */
export type Condition =
  | { readonly field: TextField; readonly negated: boolean; readonly values: readonly string[] }
  | { readonly field: NumberField; readonly comparison: Comparison; readonly value: number }
  | { readonly field: NumberField; readonly between: { readonly min: number; readonly max: number } };

/** Boolean logic over condition numbers (1-based). */
export type Logic =
  | { readonly kind: 'condition'; readonly number: number }
  | { readonly kind: 'and' | 'or'; readonly left: Logic; readonly right: Logic }
  | { readonly kind: 'not'; readonly operand: Logic };

/** Whom a rule assigns to: a rep must meet every part given. */
export interface AssignTarget {
  readonly reps?: readonly string[];
  readonly roles?: readonly string[];
  readonly teams?: readonly string[];
  /** The rep's region must be the account's. */
  readonly sameRegion?: boolean;
  /** The rep's segment must be the account's. */
  readonly sameSegment?: boolean;
}

export interface AssignmentRule {
  readonly name: string;
  /** Lower comes first; rules of one priority keep their order in the file. */
  readonly priority: number;
  /** As written, for documents and reasons. */
  readonly conditionText: readonly string[];
  readonly conditions: readonly Condition[];
  readonly logicText: string;
  readonly logic: Logic;
  readonly assign: AssignTarget;
}

/** A problem at a path into the rules document (see yaml-document.ts `locate`). */
export interface RuleProblem {
  readonly path: readonly (string | number)[];
  readonly problem: Problem;
}

// ---------------------------------------------------------------------------------------------------------------
// Logic expressions: NOT binds tighter than AND, AND tighter than OR; parentheses group.

type Token = { readonly text: string; readonly column: number };

function tokenize(text: string): Token[] | { column: number; found: string } {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+)|(\(|\))|([A-Za-z]+)|(\S))/y;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < text.length && (match = pattern.exec(text)) !== null) {
    const [whole, digits, bracket, word, other] = match;
    const column = match.index + whole.length - whole.trimStart().length + 1;
    if (other !== undefined) return { column, found: other };
    tokens.push({ text: (digits ?? bracket ?? word ?? '').toUpperCase(), column });
  }
  return tokens;
}

class LogicSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

/**
 * Parses `(1 AND 2) OR NOT 3` over conditions numbered 1..`conditionCount`. Throws an InputError whose message
 * names the column of the mistake.
 */
export function parseLogic(text: string, conditionCount: number): Logic {
  const tokens = tokenize(text);
  const end = text.length + 1;
  const fail = (message: string, column: number): never => {
    throw new LogicSyntaxError(message, column);
  };
  try {
    if (!Array.isArray(tokens)) return fail(`unexpected ${JSON.stringify(tokens.found)}`, tokens.column);
    let position = 0;
    const peek = () => tokens[position];
    const primary = (): Logic => {
      const token = peek();
      if (!token) return fail('expected a condition number or "(" at the end', end);
      position++;
      if (token.text === 'NOT') return { kind: 'not', operand: primary() };
      if (token.text === '(') {
        const inner = or();
        const close = peek();
        if (close?.text !== ')') {
          return fail(
            close ? `expected ")" but found ${JSON.stringify(close.text)}` : 'expected ")" at the end',
            close?.column ?? end,
          );
        }
        position++;
        return inner;
      }
      if (/^\d+$/.test(token.text)) {
        const number = Number(token.text);
        if (number < 1 || number > conditionCount) {
          return fail(
            `condition ${number} does not exist (the rule has ${conditionCount} condition${conditionCount === 1 ? '' : 's'})`,
            token.column,
          );
        }
        return { kind: 'condition', number };
      }
      return fail(`expected a condition number or "(" but found ${JSON.stringify(token.text)}`, token.column);
    };
    const and = (): Logic => {
      let left = primary();
      while (peek()?.text === 'AND') {
        position++;
        left = { kind: 'and', left, right: primary() };
      }
      return left;
    };
    const or = (): Logic => {
      let left = and();
      while (peek()?.text === 'OR') {
        position++;
        left = { kind: 'or', left, right: and() };
      }
      return left;
    };
    const logic = or();
    const rest = peek();
    if (rest) return fail(`expected AND, OR or the end but found ${JSON.stringify(rest.text)}`, rest.column);
    return logic;
  } catch (error) {
    if (!(error instanceof LogicSyntaxError)) throw error;
    throw new InputError({
      message: `logic ${JSON.stringify(text)}: ${error.message} (column ${error.column})`,
      fix: 'write condition numbers joined by AND, OR and NOT, grouped with parentheses, e.g. "(1 AND 2) OR 3"',
    });
  }
}

/** The logic as text, fully parenthesised where AND and OR mix (a canonical form for documents). */
export function formatLogic(logic: Logic): string {
  switch (logic.kind) {
    case 'condition':
      return String(logic.number);
    case 'not':
      return `NOT ${logic.operand.kind === 'condition' ? formatLogic(logic.operand) : `(${formatLogic(logic.operand)})`}`;
    case 'and':
    case 'or': {
      const side = (part: Logic) =>
        (part.kind === 'and' || part.kind === 'or') && part.kind !== logic.kind
          ? `(${formatLogic(part)})`
          : formatLogic(part);
      return `${side(logic.left)} ${logic.kind.toUpperCase()} ${side(logic.right)}`;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Conditions: `<field> <operator> <value>`.

const CONDITION_FIX =
  'write e.g. "segment is Enterprise", "region not in West, Central" or "employees between 100 and 999"';

function splitValues(text: string): string[] {
  return text
    .replace(/^\((.*)\)$/, '$1')
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

function parseNumber(text: string, field: NumberField, currency: CurrencyCode): number {
  const plain = text.trim().replace(/_/g, '');
  if (!/^\d+(\.\d+)?$/.test(plain)) {
    throw new InputError({
      message: `${JSON.stringify(text.trim())} is not a number for ${field}`,
      fix:
        field === 'revenue'
          ? `write revenue in major units of ${currency}, e.g. 5000000`
          : 'write a whole number of employees, e.g. 1000',
    });
  }
  if (field === 'revenue') return parseDecimalToMinor(plain, currency);
  if (!/^\d+$/.test(plain)) {
    throw new InputError({
      message: `${JSON.stringify(text.trim())} is not a whole number of employees`,
      fix: 'write e.g. 1000',
    });
  }
  return Number(plain);
}

/** Parses one condition; revenue amounts are in major units of `currency`. Throws an InputError. */
export function parseCondition(text: string, currency: CurrencyCode): Condition {
  const match = /^\s*([A-Za-z_]+)\s+(.*?)\s*$/.exec(text);
  const field = match?.[1]?.toLowerCase();
  if (!match || !field || !(RULE_FIELDS as readonly string[]).includes(field)) {
    throw new InputError({
      message: `condition ${JSON.stringify(text)} does not start with a field`,
      fix: `start with a field: ${RULE_FIELDS.join(', ')}`,
    });
  }
  const rest = match[2] ?? '';
  if (NUMBER_FIELDS.includes(field as RuleField)) {
    const numberField = field as NumberField;
    const between = /^between\s+(.+?)\s+and\s+(.+)$/i.exec(rest);
    if (between) {
      const min = parseNumber(between[1] ?? '', numberField, currency);
      const max = parseNumber(between[2] ?? '', numberField, currency);
      if (min > max) {
        throw new InputError({
          message: `condition ${JSON.stringify(text)}: the lower bound is above the upper`,
          fix: 'write the smaller number first',
        });
      }
      return { field: numberField, between: { min, max } };
    }
    const comparison = /^(>=|<=|!=|=|>|<)\s*(.+)$/.exec(rest);
    if (!comparison) {
      throw new InputError({
        message: `condition ${JSON.stringify(text)}: ${field} needs a comparison (>=, <=, >, <, =, !=, between)`,
        fix: CONDITION_FIX,
      });
    }
    return {
      field: numberField,
      comparison: comparison[1] as Comparison,
      value: parseNumber(comparison[2] ?? '', numberField, currency),
    };
  }
  const textMatch = /^(is\s+not|not\s+in|is|in|!=|=)\s+(.+)$/i.exec(rest);
  const values = textMatch ? splitValues(textMatch[2] ?? '') : [];
  if (!textMatch || values.length === 0) {
    throw new InputError({
      message: `condition ${JSON.stringify(text)}: ${field} needs is, is not, in or not in and a value`,
      fix: CONDITION_FIX,
    });
  }
  const operator = (textMatch[1] ?? '').toLowerCase().replace(/\s+/g, ' ');
  return {
    field: field as TextField,
    negated: operator === 'is not' || operator === 'not in' || operator === '!=',
    values,
  };
}

const same = (a: string | null, b: string | null) =>
  a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();

function fieldValue(account: RuleAccount, field: RuleField): string | number | null {
  return field === 'revenue' ? account.annualRevenue : account[field];
}

/** Whether an account meets a condition. A condition on a field the account lacks does not hold. */
export function conditionHolds(condition: Condition, account: RuleAccount): boolean {
  const value = fieldValue(account, condition.field);
  if (value === null) return false;
  if ('values' in condition) {
    const found = condition.values.some((wanted) => same(String(value), wanted));
    return condition.negated ? !found : found;
  }
  const number = Number(value);
  if ('between' in condition) return number >= condition.between.min && number <= condition.between.max;
  switch (condition.comparison) {
    case '>=':
      return number >= condition.value;
    case '<=':
      return number <= condition.value;
    case '>':
      return number > condition.value;
    case '<':
      return number < condition.value;
    case '=':
      return number === condition.value;
    case '!=':
      return number !== condition.value;
  }
}

export function logicHolds(logic: Logic, conditions: readonly Condition[], account: RuleAccount): boolean {
  switch (logic.kind) {
    case 'condition':
      return conditionHolds(conditions[logic.number - 1] as Condition, account);
    case 'not':
      return !logicHolds(logic.operand, conditions, account);
    case 'and':
      return logicHolds(logic.left, conditions, account) && logicHolds(logic.right, conditions, account);
    case 'or':
      return logicHolds(logic.left, conditions, account) || logicHolds(logic.right, conditions, account);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The rules document.

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const RULE_KEYS = ['name', 'priority', 'when', 'logic', 'assign'];
const ASSIGN_KEYS = ['reps', 'roles', 'teams', 'sameRegion', 'sameSegment'];

function textList(value: unknown, path: (string | number)[], problems: RuleProblem[]): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((item) => typeof item === 'string' && item.trim() !== '')) {
    problems.push({
      path,
      problem: { message: 'must be a list of names', fix: 'write e.g. [am, ae]' },
    });
    return undefined;
  }
  return list.map((item) => (item as string).trim());
}

function parseAssign(value: unknown, path: (string | number)[], problems: RuleProblem[]): AssignTarget {
  if (!isRecord(value)) {
    problems.push({
      path,
      problem: {
        message: 'needs whom the rule assigns to',
        fix: 'give assign: with reps, roles, teams, sameRegion or sameSegment',
      },
    });
    return {};
  }
  const before = problems.length;
  for (const key of Object.keys(value).filter((key) => !ASSIGN_KEYS.includes(key))) {
    problems.push({
      path: [...path, key],
      problem: { message: `is not a key of assign`, fix: `use ${ASSIGN_KEYS.join(', ')}` },
    });
  }
  const target: Record<string, unknown> = {};
  for (const key of ['reps', 'roles', 'teams'] as const) {
    const list = textList(value[key], [...path, key], problems);
    if (list) target[key] = key === 'roles' ? list.map((role) => role.toLowerCase()) : list;
  }
  for (const key of ['sameRegion', 'sameSegment'] as const) {
    if (value[key] === undefined) continue;
    if (typeof value[key] !== 'boolean') {
      problems.push({ path: [...path, key], problem: { message: 'must be true or false' } });
    } else target[key] = value[key];
  }
  if (Object.keys(target).length === 0 && problems.length === before) {
    problems.push({
      path,
      problem: {
        message: 'names nobody',
        fix: 'give reps, roles, teams, sameRegion or sameSegment',
      },
    });
  }
  return target;
}

function problemOf(error: unknown): Problem {
  if (error instanceof InputError && error.problems[0]) return error.problems[0];
  throw error;
}

/**
 * Parses a rules document `{ rules: [{ name, priority?, when: [...], logic?, assign }] }` (or the bare list).
 * Every problem is collected with its path; a document with any problem gives no rules.
 */
export function parseAssignmentRules(
  input: unknown,
  currency: CurrencyCode,
):
  | { readonly ok: true; readonly rules: AssignmentRule[] }
  | { readonly ok: false; readonly problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const list = isRecord(input) ? input.rules : input;
  const base: (string | number)[] = isRecord(input) ? ['rules'] : [];
  if (!Array.isArray(list)) {
    return {
      ok: false,
      problems: [
        {
          path: base,
          problem: {
            message: 'must be a list of rules',
            fix: 'write rules: followed by entries with name, when, logic and assign',
          },
        },
      ],
    };
  }
  const rules: AssignmentRule[] = [];
  const names = new Set<string>();
  list.forEach((entry: unknown, index) => {
    const path = [...base, index];
    const before = problems.length;
    if (!isRecord(entry)) {
      problems.push({ path, problem: { message: 'must be a rule with name, when and assign' } });
      return;
    }
    for (const key of Object.keys(entry).filter((key) => !RULE_KEYS.includes(key))) {
      problems.push({
        path: [...path, key],
        problem: { message: 'is not a key of a rule', fix: `use ${RULE_KEYS.join(', ')}` },
      });
    }
    const name = typeof entry.name === 'string' ? entry.name.trim() : '';
    if (name === '') problems.push({ path: [...path, 'name'], problem: { message: 'needs a name' } });
    else if (names.has(name.toLowerCase())) {
      problems.push({
        path: [...path, 'name'],
        problem: { message: `repeats the rule name ${JSON.stringify(name)}`, fix: 'rename one of them' },
      });
    }
    names.add(name.toLowerCase());
    const priority = entry.priority ?? index + 1;
    if (typeof priority !== 'number' || !Number.isInteger(priority)) {
      problems.push({ path: [...path, 'priority'], problem: { message: 'must be a whole number' } });
    }
    const when = typeof entry.when === 'string' ? [entry.when] : entry.when;
    const conditionText: string[] = [];
    const conditions: Condition[] = [];
    if (!Array.isArray(when) || when.length === 0) {
      problems.push({
        path: [...path, 'when'],
        problem: { message: 'needs at least one condition', fix: CONDITION_FIX },
      });
    } else {
      when.forEach((text: unknown, number) => {
        try {
          if (typeof text !== 'string') throw new InputError({ message: 'must be text', fix: CONDITION_FIX });
          conditions.push(parseCondition(text, currency));
          conditionText.push(text.trim());
        } catch (error) {
          problems.push({ path: [...path, 'when', number], problem: problemOf(error) });
        }
      });
    }
    const logicText =
      typeof entry.logic === 'string'
        ? entry.logic.trim()
        : conditions.map((_, number) => String(number + 1)).join(' AND ');
    let logic: Logic | null = null;
    if (entry.logic !== undefined && typeof entry.logic !== 'string') {
      problems.push({
        path: [...path, 'logic'],
        problem: { message: 'must be text such as "(1 AND 2) OR 3"' },
      });
    } else if (Array.isArray(when) && conditions.length === when.length && conditions.length > 0) {
      try {
        logic = parseLogic(logicText, conditions.length);
      } catch (error) {
        problems.push({ path: [...path, 'logic'], problem: problemOf(error) });
      }
    }
    const assign = parseAssign(entry.assign, [...path, 'assign'], problems);
    if (problems.length === before && logic) {
      rules.push({
        name,
        priority: priority as number,
        conditionText,
        conditions,
        logicText,
        logic,
        assign,
      });
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, rules: sortByPriority(rules) };
}

/** Rules in the order they are tried: by priority, then as written. */
function sortByPriority(rules: readonly AssignmentRule[]): AssignmentRule[] {
  return rules
    .map((rule, order) => ({ rule, order }))
    .sort((a, b) => a.rule.priority - b.rule.priority || a.order - b.order)
    .map((entry) => entry.rule);
}

// ---------------------------------------------------------------------------------------------------------------
// Compiled rules.

/** Whether a rep is among those a rule assigns an account to. */
export function targetAccepts(target: AssignTarget, account: RuleAccount, rep: RuleRep): boolean {
  if (target.reps && !target.reps.includes(rep.id)) return false;
  if (target.roles && !target.roles.includes(rep.role.toLowerCase())) return false;
  if (target.teams && !target.teams.some((team) => same(team, rep.team))) return false;
  if (target.sameRegion && !same(account.region, rep.region)) return false;
  if (target.sameSegment && !same(account.segment, rep.segment)) return false;
  return true;
}

export interface AssignmentPolicy {
  readonly rules: readonly AssignmentRule[];
  /** The rule that decides an account (the first by priority whose logic holds), or null: any rep. */
  ruleFor(account: RuleAccount): AssignmentRule | null;
  /** The eligibility predicate: may this rep own this account? */
  eligible(account: RuleAccount, rep: RuleRep): boolean;
  /** Why an account may go to the reps it may go to, for decisions and moves. */
  reason(account: RuleAccount): string;
}

export function compileRules(rules: readonly AssignmentRule[]): AssignmentPolicy {
  const ordered = sortByPriority(rules);
  const ruleFor = (account: RuleAccount) =>
    ordered.find((rule) => logicHolds(rule.logic, rule.conditions, account)) ?? null;
  return {
    rules: ordered,
    ruleFor,
    eligible: (account, rep) => {
      const rule = ruleFor(account);
      return rule === null || targetAccepts(rule.assign, account, rep);
    },
    reason: (account) => {
      const rule = ruleFor(account);
      return rule === null
        ? 'no assignment rule matches: any rep'
        : `rule "${rule.name}" (${describeLogic(rule)}) assigns to ${describeTarget(rule.assign)}`;
    },
  };
}

/** A rule's logic with its conditions written in: `(segment is Enterprise AND region in West) OR employees >= 5000`. */
export function describeLogic(rule: AssignmentRule): string {
  return formatLogic(rule.logic).replace(
    /\d+/g,
    (number) => rule.conditionText[Number(number) - 1] ?? number,
  );
}

export function describeTarget(target: AssignTarget): string {
  const parts: string[] = [];
  if (target.reps) parts.push(`reps ${target.reps.join(', ')}`);
  if (target.roles) parts.push(`role ${target.roles.map((role) => role.toUpperCase()).join(' or ')}`);
  if (target.teams) parts.push(`team ${target.teams.join(' or ')}`);
  if (target.sameRegion) parts.push("the account's region");
  if (target.sameSegment) parts.push("the account's segment");
  return parts.join(', in ');
}

/**
 * Rules checked against a roster: a rule naming a rep who is not on it (a typo, or a rep who left), or only roles
 * or teams nobody on it has, could never place an account as written, so it is a problem rather than a silent
 * fallback.
 */
export function rulesRosterProblems(
  rules: readonly AssignmentRule[],
  reps: readonly RuleRep[],
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const ids = new Set(reps.map((rep) => rep.id));
  const roles = new Set(reps.map((rep) => rep.role.toLowerCase()));
  rules.forEach((rule, index) => {
    const path = ['rules', index, 'assign'];
    for (const id of rule.assign.reps ?? []) {
      if (!ids.has(id)) {
        problems.push({
          path: [...path, 'reps'],
          problem: {
            message: `rule "${rule.name}" names rep ${JSON.stringify(id)}, who is not on the roster`,
            fix: 'add the rep to the rep file or remove the id from the rule',
          },
        });
      }
    }
    const listedRoles = rule.assign.roles ?? [];
    if (listedRoles.length > 0 && !listedRoles.some((role) => roles.has(role))) {
      problems.push({
        path: [...path, 'roles'],
        problem: {
          message: `rule "${rule.name}" assigns to role ${listedRoles.join(' or ')}, which no rep on the roster has`,
          fix: `use one of the roster's roles (${[...roles].sort().join(', ')}) or add reps of that role`,
        },
      });
    }
    const teams = rule.assign.teams ?? [];
    if (teams.length > 0 && !teams.some((team) => reps.some((rep) => same(rep.team, team)))) {
      problems.push({
        path: [...path, 'teams'],
        problem: {
          message: `rule "${rule.name}" assigns to team ${teams.map((team) => JSON.stringify(team)).join(' or ')}, which no rep on the roster is in`,
          fix: 'name a team of the rep file or remove it from the rule',
        },
      });
    }
  });
  return problems;
}

/**
 * An assignment rules file (YAML) to start from when a plan has none, built from the coverage model: each tier to
 * the roles the coverage model names for it, and to the roster's roles it names for no tier (AEs selling new
 * business, say), so that every rep can still get accounts. `roles`: the roster's roles.
 */
export function coverageRulesExample(
  coverage: readonly { readonly tier: string; readonly role: string }[],
  roles: readonly string[],
): string {
  const covering = new Set(coverage.map((line) => line.role.toLowerCase()));
  const elsewhere = [...new Set(roles.map((role) => role.toLowerCase()))].filter(
    (role) => !covering.has(role),
  );
  const tiers = [...new Set(coverage.map((line) => line.tier))];
  const entries = tiers.map((tier, index) => {
    const named = coverage.filter((line) => line.tier === tier).map((line) => line.role.toLowerCase());
    const assigned = [...new Set([...named, ...elsewhere])];
    return [
      `  - name: ${JSON.stringify(`${tier} to ${assigned.join(' and ')}`)}`,
      `    priority: ${index + 1}`,
      `    when: [${JSON.stringify(`tier is ${tier}`)}]`,
      `    assign: { roles: [${assigned.join(', ')}] }`,
    ].join('\n');
  });
  return `rules:\n${entries.join('\n')}\n`;
}
