/**
 * What-if edits of a plan: `--set accelerator.multiplier=2` changes one parameter of the plan as written, by
 * path, before it is validated, so a what-if plan is checked like any plan file. A path's segments are keys,
 * list indexes (`tiers[2]` or `tiers.2`) or the `name` of a list item (`measures.bookings.rate`); a path may
 * start at any uniquely named item (`accelerator.multiplier` for the tier named accelerator). Pure.
 * @module
 */
import { parse } from 'yaml';
import { InputError, type Problem } from '../domain/errors.js';
import { type Ratio } from '../domain/money.js';
import { compare, decimal, formatAttainment, ratio } from './exact.js';
import { type PlanModel } from './modelling.js';
import { type CompPlan, type Tier } from './plan.js';
import { tierLabel } from './rate-table.js';
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
        fix: 'write e.g. --set accelerator.multiplier=2 or --set measures.bookings.rate=0.09',
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

/** A path into the plan as validation names it: keys and list indexes. */
export type PlanPath = readonly (string | number)[];

/** The child at a key, a list index or a list item's name, with its key or index. */
function child(node: Node, segment: string): { value: unknown; key: string | number } {
  if (Array.isArray(node)) {
    const index = /^\d+$/.test(segment)
      ? Number(segment)
      : node.findIndex((item) => isNode(item) && !Array.isArray(item) && item.name === segment);
    return { value: node[index], key: index };
  }
  return { value: node[segment], key: segment };
}

/** Every item named `name` anywhere in the plan, with its path. */
function named(node: unknown, name: string, at: PlanPath = [], found: { node: Node; path: PlanPath }[] = []) {
  if (!isNode(node)) return found;
  if (!Array.isArray(node) && node.name === name) found.push({ node, path: at });
  for (const [key, value] of Object.entries(node)) {
    named(value, name, [...at, Array.isArray(node) ? Number(key) : key], found);
  }
  return found;
}

/** Applies one edit in place; its path in the plan, or the problem. */
function applyOne(plan: Node, edit: PlanEdit): { path: PlanPath } | { problem: Problem } {
  const [first = '', ...rest] = edit.path;
  let node: unknown = plan;
  let segments = edit.path;
  let path: PlanPath = [];
  if (rest.length > 0 && child(plan, first).value === undefined) {
    const matches = named(plan, first);
    const match = matches[0];
    if (matches.length !== 1 || !match) {
      const what =
        matches.length === 0 ? `no key or item named ${first}` : `${matches.length} items named ${first}`;
      return {
        problem: {
          message: `${edit.text}: the plan has ${what}`,
          location: { field: '--set' },
          fix: 'start the path at a top-level key (measures, roles, spifs, ...) or a uniquely named item',
        },
      };
    }
    node = match.node;
    path = match.path;
    segments = rest;
  }
  for (const [index, segment] of segments.entries()) {
    if (!isNode(node)) break;
    if (index === segments.length - 1) {
      if (Array.isArray(node)) {
        if (!/^\d+$/.test(segment) || Number(segment) >= node.length) break;
        node[Number(segment)] = edit.value;
        return { path: [...path, Number(segment)] };
      }
      node[segment] = edit.value;
      return { path: [...path, segment] };
    }
    const next = child(node, segment);
    node = next.value;
    path = [...path, next.key];
  }
  return {
    problem: {
      message: `${edit.text}: the plan has nothing at ${edit.path.join('.')}`,
      location: { field: '--set' },
      fix: 'name an existing parameter, e.g. measures.bookings.rate or the tier name accelerator.multiplier',
    },
  };
}

/**
 * A copy of the plan (as parsed from YAML) with the edits applied, and the path each edit set (so that a
 * problem with a value set is reported against its --set); throws one InputError for bad paths.
 */
export function applyPlanEdits(
  plan: unknown,
  edits: readonly PlanEdit[],
): { plan: unknown; paths: PlanPath[] } {
  const copy: unknown = structuredClone(plan);
  if (!isNode(copy)) return { plan: copy, paths: [] };
  const applied = edits.map((edit) => applyOne(copy, edit));
  const problems = applied.flatMap((each) => ('problem' in each ? [each.problem] : []));
  if (problems.length > 0) throw new InputError(problems);
  return { plan: copy, paths: applied.flatMap((each) => ('path' in each ? [each.path] : [])) };
}

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

/** Whether two tiers hold the same attainments and pay the same. */
function sameTier(a: Tier, b: Tier): boolean {
  const samePay =
    a.pay.kind === 'rate' && b.pay.kind === 'rate'
      ? compare(a.pay.rate, b.pay.rate) === 0
      : a.pay.kind === 'multiplier' && b.pay.kind === 'multiplier'
        ? compare(a.pay.multiplier, b.pay.multiplier) === 0
        : false;
  const sameTo = a.to === null || b.to === null ? a.to === b.to : compare(a.to, b.to) === 0;
  return samePay && sameTo && a.name === b.name && compare(a.from, b.from) === 0;
}

/**
 * Notes for each tier the what-if changed that no payee reaches where its figures did not move: the period's
 * actual payout, or a scenario's variable pay (a tier is reached above its `from`, in the plan as it is and as
 * changed). `No payee reaches bookings tier 3 (above 100%, accelerator) in p10, p50, p90 (ae 73.8%, isr 73.8%):
 * changing it moves nothing there.` So a first-time user of `--set accelerator.multiplier=2` learns why nothing
 * changed, and at which attainments.
 */
export function unreachedTierNotes(
  base: CompPlan,
  changed: CompPlan,
  before: WhatIfSide,
  after: WhatIfSide,
  period: string,
): string[] {
  const paid = (side: WhatIfSide) => side.actual.reduce((sum, statement) => sum + statement.total, 0);
  return base.measures.flatMap((measure) => {
    const tiers = changed.measures.find((each) => each.name === measure.name)?.tiers ?? [];
    return measure.tiers.flatMap((tier, index) => {
      const other = tiers[index];
      if (!other || sameTier(tier, other)) return [];
      // Reached where attainment is above the lower of the two froms.
      const from = compare(tier.from, other.from) <= 0 ? tier.from : other.from;
      const sides: string[] = [];
      const attainments = before.actual.flatMap((statement) =>
        statement.attainment
          .filter((entry) => entry.measure === measure.name && entry.quota > 0)
          .map((entry) => ratio(entry.volume, entry.quota)),
      );
      const highest = attainments.reduce<Ratio | null>(
        (top, each) => (top === null || compare(each, top) > 0 ? each : top),
        null,
      );
      if (highest !== null && compare(highest, from) <= 0 && paid(before) === paid(after)) {
        sides.push(`${period} actual (highest attainment ${formatAttainment(highest)})`);
      }
      // Scenarios at the same attainments are named together: `p10, p50, p90 (ae 73.8%, isr 73.8%)`.
      const byAttainments = new Map<string, string[]>();
      before.model.scenarios.forEach((scenario, at) => {
        const roles = scenario.roles.flatMap((role) => {
          const reached = role.attainment[measure.name];
          return reached === undefined ? [] : [{ role: role.role, reached: decimal(reached) }];
        });
        const moved = scenario.variable !== after.model.scenarios[at]?.variable;
        if (roles.length === 0 || moved || roles.some((role) => compare(role.reached, from) > 0)) return;
        const shown = roles.map((role) => `${role.role} ${formatAttainment(role.reached)}`).join(', ');
        byAttainments.set(shown, [...(byAttainments.get(shown) ?? []), scenario.scenario]);
      });
      for (const [shown, names] of byAttainments) sides.push(`${names.join(', ')} (${shown})`);
      if (sides.length === 0) return [];
      return [
        `No payee reaches ${measure.name} ${tierLabel(tier, index)} in ${sides.join('; ')}: changing it moves nothing there.`,
      ];
    });
  });
}
