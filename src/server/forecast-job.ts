/**
 * One forecast request as the API runs it, in the worker thread (src/server/route-workers.ts): the Sales
 * Forecast document of the caller's scope, its models learning from and scoring the whole dataset (as the
 * company's report does, so that a deal and a rep have one number in every view), its figures of the scope's
 * deals and adjustments only. Split by manager, a scope whose reps manage nobody (a rep) gets its own row, as
 * metrics do (src/services/manager-view.ts): its rep's row of the split by owner. Split by manager, each row carries
 * its `parent` as metrics rows do: the label of the manager's manager (null at the top).
 * @module
 */
import type { IsoDate } from '../domain/dates.js';
import { API_SYNTAX, InputError, readField } from '../domain/errors.js';
import type { ForecastBy } from '../forecast/sales-forecast.js';
import { type ForecastDocument, forecastDocument } from '../reports/sales-forecast/json.js';
import { buildForecast, fiscalPeriod, MODEL_CHOICES } from '../services/forecast.js';
import { managerParents, managesNobody } from '../services/manager-view.js';
import { keyspaceOptions } from '../services/metrics.js';
import { inScope, scopeOf } from './scope.js';
import type { ApiUser } from './users.js';
import type { WorkspaceData } from '../services/workspace-data.js';

export interface ForecastJob {
  readonly user: ApiUser;
  readonly period: string | undefined;
  readonly asOf: IsoDate;
  readonly by: ForecastBy;
  /** A key of MODEL_CHOICES (`auto`, `stage_weighted`, ...). */
  readonly model: string;
}

export async function runForecastJob(data: WorkspaceData, job: ForecastJob): Promise<ForecastDocument> {
  const { workspace } = data;
  const period = readField('period', () => fiscalPeriod(job.period, job.asOf, workspace, API_SYNTAX));
  const full = await data.dataset();
  const scope = scopeOf(job.user, full);
  const { ownerIndex } = full.opportunities;
  if (!ownerIndex.some((owner) => inScope(scope, owner))) {
    // Said here rather than by the library, whose message names the workspace's folder on the server.
    throw new InputError({
      message: 'there are no opportunities in your data to forecast',
      fix: 'ask an admin to import the CRM data, or whether your login names the right rep (GET /api/me)',
    });
  }
  const model = MODEL_CHOICES[job.model] ?? 'auto';
  const ownRow = job.by === 'manager' && !scope.all && managesNobody(full.reps, scope.reps);
  const forecast = await buildForecast(workspace, full, {
    period,
    asOf: job.asOf,
    by: ownRow ? 'owner' : job.by,
    model,
    ...(scope.all ? {} : { reportOwners: scope.reps }),
    // Its notes name salesops's commands to run on the server, not a command line as if the reader had one.
    commandLine: 'server',
  });
  if (job.by !== 'manager') return forecastDocument(forecast);
  const parentOf = managerParents(full, keyspaceOptions(workspace.config, period));
  const rows = forecast.byGroup.rows.map((row) => ({ ...row, parent: parentOf(row.group) }));
  return forecastDocument({ ...forecast, byGroup: { ...forecast.byGroup, by: 'manager', rows } });
}
