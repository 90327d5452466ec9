/**
 * What-if edits of a plan: `--set accelerator.multiplier=1.5` changes one parameter of the plan as written, by
 * path, before it is validated, so a what-if plan is checked like any plan file. A path's segments are keys,
 * list indexes (`tiers[2]` or `tiers.2`) or the `name` of a list item (`measures.bookings.rate`); a path may
 * start at any uniquely named item (`accelerator.multiplier` for the tier named accelerator). Pure.
 * @module
 */
import { parse } from 'yaml';
import { InputError, type Problem } from '../domain/errors.js';
import { type PlanModel } from './modelling.js';
import { type Statement } from './statement.js';

export interface PlanEdit {
  /** As the user wrote it, for messages. */
  readonly text: string;
  readonly path: readonly string[];
  /** The value as YAML reads it: 1.5, "0.08", true. */
  readonly value: unknown;
}

/** Parses `path=value` assignments; a malformed one is an InputError at its flag. */
export function parsePlanEdits(assignments: readonly string[]): PlanEdit[] {
  const problems: Problem[] = [];
  const edits = assignments.flatMap((text) => {
    const at = text.indexOf('=');
    const path = (at > 0 ? text.slice(0, at) : '')
      .replace(/\[(\d+)\]/g, '.$1')
      .split('.')
      .filter((segment) => segment !== '');
    if (at <= 0 || path.length === 0 || at === text.length - 1) {
      problems.push({
        message: `${JSON.stringify(text)} is not an assignment path=value`,
        location: { field: '--set' },
        fix: 'write e.g. --set accelerator.multiplier=1.5 or --set measures.bookings.rate=0.09',
      });
      return [];
    }
    return [{ text, path, value: parse(text.slice(at + 1)) as unknown }];
  });
  if (problems.length > 0) throw new InputError(problems);
  return edits;
}

type Node = Record<string, unknown> | unknown[];

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null;
}

function child(node: Node, segment: string): unknown {
  if (Array.isArray(node)) {
    if (/^\d+$/.test(segment)) return node[Number(segment)];
    return node.find((item) => isNode(item) && !Array.isArray(item) && item.name === segment);
  }
  return node[segment];
}

/** Every item named `name` anywhere in the plan. */
function named(node: unknown, name: string, found: Node[] = []): Node[] {
  if (!isNode(node)) return found;
  if (!Array.isArray(node) && node.name === name) found.push(node);
  for (const value of Object.values(node)) named(value, name, found);
  return found;
}

function applyOne(plan: Node, edit: PlanEdit): Problem | null {
  const [first = '', ...rest] = edit.path;
  let node: unknown = plan;
  let segments = edit.path;
  if (rest.length > 0 && child(plan, first) === undefined) {
    const matches = named(plan, first);
    if (matches.length !== 1) {
      const what =
        matches.length === 0 ? `no key or item named ${first}` : `${matches.length} items named ${first}`;
      return {
        message: `${edit.text}: the plan has ${what}`,
        location: { field: '--set' },
        fix: 'start the path at a top-level key (measures, roles, spifs, ...) or a uniquely named item',
      };
    }
    node = matches[0];
    segments = rest;
  }
  for (const [index, segment] of segments.entries()) {
    if (!isNode(node)) break;
    if (index === segments.length - 1) {
      if (Array.isArray(node)) {
        if (!/^\d+$/.test(segment) || Number(segment) >= node.length) break;
        node[Number(segment)] = edit.value;
      } else node[segment] = edit.value;
      return null;
    }
    node = child(node, segment);
  }
  return {
    message: `${edit.text}: the plan has nothing at ${edit.path.join('.')}`,
    location: { field: '--set' },
    fix: 'name an existing parameter, e.g. measures.bookings.rate or the tier name accelerator.multiplier',
  };
}

/** A copy of the plan (as parsed from YAML) with the edits applied; throws one InputError for bad paths. */
export function applyPlanEdits(plan: unknown, edits: readonly PlanEdit[]): unknown {
  const copy: unknown = structuredClone(plan);
  if (!isNode(copy)) return copy;
  const problems = edits.flatMap((edit) => applyOne(copy, edit) ?? []);
  if (problems.length > 0) throw new InputError(problems);
  return copy;
}

/** One figure of a what-if comparison: money (minor units) or a share. */
export interface WhatIfRow {
  readonly label: string;
  readonly unit: 'money' | 'share';
  readonly base: number | null;
  readonly whatIf: number | null;
}

/** What one side of a comparison computed: the actual period's statements and the cost model. */
export interface WhatIfSide {
  readonly actual: readonly Statement[];
  readonly model: PlanModel;
}

function actualByRole(statements: readonly Statement[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const statement of statements)
    totals.set(statement.role, (totals.get(statement.role) ?? 0) + statement.total);
  return totals;
}

/**
 * The base and the changed plan side by side: what the period actually pays (per role and in all), then, per
 * scenario, variable pay, total comp cost and its share of revenue.
 */
export function compareWhatIf(base: WhatIfSide, whatIf: WhatIfSide, period: string): WhatIfRow[] {
  const before = actualByRole(base.actual);
  const after = actualByRole(whatIf.actual);
  const roles = [...new Set([...before.keys(), ...after.keys()])].sort();
  const rows: WhatIfRow[] = roles.map((role) => ({
    label: `${period} actual: ${role} payout`,
    unit: 'money',
    base: before.get(role) ?? 0,
    whatIf: after.get(role) ?? 0,
  }));
  const sum = (totals: Map<string, number>) =>
    [...totals.values()].reduce((total, value) => total + value, 0);
  rows.push({
    label: `${period} actual: total payout`,
    unit: 'money',
    base: sum(before),
    whatIf: sum(after),
  });
  base.model.scenarios.forEach((scenario, index) => {
    const other = whatIf.model.scenarios[index];
    if (!other) return;
    rows.push(
      {
        label: `${scenario.scenario}: variable pay`,
        unit: 'money',
        base: scenario.variable,
        whatIf: other.variable,
      },
      {
        label: `${scenario.scenario}: total comp cost`,
        unit: 'money',
        base: scenario.variable + scenario.base,
        whatIf: other.variable + other.base,
      },
      {
        label: `${scenario.scenario}: comp cost % of revenue`,
        unit: 'share',
        base: scenario.costOfRevenue,
        whatIf: other.costOfRevenue,
      },
    );
  });
  return rows;
}
