/**
 * Plan versions in the workspace's store (document kind `plan_version`, key = plan name): finding a plan by name
 * or as "the active plan", saving a change as a new revision (guarded against a concurrent change), and
 * activation with its audit entry.
 * @module
 */
import { asTyped, type CommandLine, InputError } from '../../domain/errors.js';
import { listFirst } from '../../domain/listing.js';
import {
  activatePlan,
  activationProblems,
  freePlanName,
  type PlanVersion,
} from '../../planning/plan-version.js';
import type { Store } from '../../store/store.js';

export interface LoadedPlan {
  readonly plan: PlanVersion;
  readonly revision: number;
}

/** Every plan's latest revision, ordered by name. */
export async function listPlans(
  store: Store,
): Promise<(LoadedPlan & { savedAt: string; savedBy: string | null })[]> {
  const metas = await store.listDocuments('plan_version');
  const plans = [];
  for (const meta of metas) {
    const stored = await store.document<PlanVersion>('plan_version', meta.key);
    if (stored)
      plans.push({
        plan: stored.body,
        revision: stored.revision,
        savedAt: stored.savedAt,
        savedBy: stored.savedBy,
      });
  }
  return plans;
}

/** `preferred` (a plan name) if no plan has it, else the first free `<preferred>-v2`, `-v3`, ... */
export async function freeVersionName(store: Store, preferred: string): Promise<string> {
  const taken = new Set((await store.listDocuments('plan_version')).map((meta) => meta.key));
  return freePlanName(preferred, taken);
}

export async function activePlan(store: Store): Promise<LoadedPlan | null> {
  return (await listPlans(store)).find((entry) => entry.plan.state === 'active') ?? null;
}

/** Where loadPlan places a plan it cannot find: the command places it at the argument that named it. */
export const PLAN_NAME_STAND_IN = 'plan name';

/** A plan by name, or `active` for the active plan; an InputError naming the plans there are otherwise. */
export async function loadPlan(
  store: Store,
  reference: string,
  commandLine: CommandLine = asTyped,
): Promise<LoadedPlan> {
  if (reference.toLowerCase() === 'active') {
    const plans = await listPlans(store);
    const active = plans.find((entry) => entry.plan.state === 'active');
    if (active) return active;
    throw new InputError({
      message: 'no plan is active in this workspace',
      fix: activateFix(plans, commandLine),
    });
  }
  const stored = await store.document<PlanVersion>('plan_version', reference);
  if (stored) return { plan: stored.body, revision: stored.revision };
  const names = (await store.listDocuments('plan_version')).map((meta) => meta.key);
  // `active` is offered only when a plan is active; without plans, `plan new` names the plan after the year.
  const orActive = (await activePlan(store)) ? ', or active' : '';
  throw new InputError({
    message: `there is no plan ${JSON.stringify(reference)}`,
    location: { field: PLAN_NAME_STAND_IN },
    fix:
      names.length > 0
        ? namePlanFix(names, orActive, commandLine)
        : `start one with \`${commandLine(`salesops plan new ${/^FY\d{4}$/i.test(reference) ? `${reference} ` : ''}--from empty`)}\``,
  });
}

/** Plans named in a fix; `plan list` lists the rest. */
const PLANS_NAMED = 8;

/** The fix naming the plans there are: the first few, then how many more `plan list` lists. */
function namePlanFix(names: readonly string[], orActive: string, commandLine: CommandLine): string {
  const more = names.length > PLANS_NAMED ? ` (\`${commandLine('salesops plan list')}\` lists them all)` : '';
  return `name one of: ${listFirst(names, PLANS_NAMED)}${orActive}${more}`;
}

/** How to get an active plan: activate a finished plan, else finish one, else start one. */
function activateFix(plans: readonly LoadedPlan[], commandLine: CommandLine): string {
  const planning = plans.filter((entry) => entry.plan.state === 'planning').map((entry) => entry.plan);
  const ready = planning.find((plan) => activationProblems(plan).length === 0);
  if (ready) {
    return `activate one: \`${commandLine(`salesops plan activate ${ready.name}`)}\` (see \`${commandLine('salesops plan list')}\`)`;
  }
  const started = planning[0];
  if (started) {
    return `finish plan ${started.name} first (${activationProblems(started).join(', ')}), then: \`${commandLine(`salesops plan activate ${started.name}`)}\``;
  }
  return `start one: \`${commandLine('salesops plan new --from empty')}\``;
}

export interface SaveMeta {
  readonly savedAt: string;
  readonly savedBy: string;
  readonly note: string;
}

/** Saves a change of a loaded plan as its next revision (refused if someone saved in between). */
export async function savePlan(
  store: Store,
  loaded: LoadedPlan | null,
  plan: PlanVersion,
  meta: SaveMeta,
): Promise<number> {
  const saved = await store.saveDocument({
    kind: 'plan_version',
    key: plan.name,
    body: plan,
    savedAt: meta.savedAt,
    savedBy: meta.savedBy,
    note: meta.note,
    expectRevision: loaded?.revision ?? 0,
  });
  return saved.revision;
}

/**
 * Activates a plan: the plan active until now is archived (a new revision of it), the plan becomes active, and
 * the audit log records who did it and when. Returns the name of the archived plan, if any.
 */
export async function activateStoredPlan(
  store: Store,
  loaded: LoadedPlan,
  meta: Omit<SaveMeta, 'note'>,
  nextYear: string,
  commandLine: CommandLine = asTyped,
): Promise<string | null> {
  const current = await activePlan(store);
  const { archived, activated } = activatePlan(
    loaded.plan,
    current?.plan ?? null,
    meta.savedAt,
    meta.savedBy,
    await freeVersionName(store, nextYear),
    commandLine,
  );
  if (archived && current) {
    await savePlan(store, current, archived, { ...meta, note: `archived: replaced by ${activated.name}` });
  }
  const revision = await savePlan(store, loaded, activated, { ...meta, note: 'activated' });
  await store.appendAudit({
    at: meta.savedAt,
    actor: meta.savedBy,
    action: 'plan.activate',
    subject: `plan_version:${activated.name}`,
    detail: { revision, archived: archived?.name ?? null },
  });
  return archived?.name ?? null;
}
