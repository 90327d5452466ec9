/**
 * The roster: every rep by CRM id, with who they are, where they sit in the hierarchy, whether they are employed
 * on a day, and their quota for a period. What `salesops reps` lists, so that the ids other commands take
 * (`forecast adjust --rep`, `users add --rep`) can be looked up; GET /api/reps lists its entries, scoped.
 * @module
 */
import { type Dataset, NO_DAY, NO_INDEX, textAt } from '../dataset/dataset.js';
import { type DayNumber, fromDayNumber, type IsoDate, toDayNumber } from '../domain/dates.js';
import type { FiscalCalendar } from '../domain/fiscal-calendar.js';
import type { AnalysisPeriod } from './periods.js';
import { repQuotasIn } from './rep-periods.js';

/** A rep as the roster and the HTTP API's pickers show them: who they are, where they sit, whether employed. */
export interface RosterEntry {
  /** The CRM id, e.g. REP-0011. */
  readonly id: string;
  readonly name: string;
  /** The CRM role (ae, manager, ...), null when the CRM gives none; likewise team and segment. */
  readonly role: string | null;
  /** The CRM id of their manager, null at the top of the hierarchy. */
  readonly managerId: string | null;
  readonly team: string | null;
  readonly segment: string | null;
  readonly hired: IsoDate | null;
  /** Their last day employed, for reps who left. */
  readonly left: IsoDate | null;
  /** Employed on the as-of day: hired by it and not left before it. */
  readonly active: boolean;
}

export interface RosterRep extends RosterEntry {
  /**
   * Their quota for the period in minor units of the corporate currency (their quotas' shares of its days, as
   * the metrics apportion them), null when no quota of theirs falls in it.
   */
  readonly quota: number | null;
}

const dayOrNull = (day: number): IsoDate | null => (day === NO_DAY ? null : fromDayNumber(day));

/** The rep at `row` of the reps table, employed or not on `day`. */
export function rosterEntry(
  dataset: Pick<Dataset, 'reps' | 'labels'>,
  row: number,
  day: DayNumber,
): RosterEntry {
  const { reps, labels } = dataset;
  const manager = reps.managerIndex[row]!;
  const hired = reps.hireDay[row]!;
  const left = reps.endDay[row]!;
  return {
    id: textAt(reps.crmId, row),
    name: textAt(reps.name, row),
    role: labels.role[reps.roleCode[row]!] || null,
    managerId: manager === NO_INDEX ? null : textAt(reps.crmId, manager),
    team: labels.team[reps.teamCode[row]!] || null,
    segment: labels.segment[reps.segmentCode[row]!] || null,
    hired: dayOrNull(hired),
    left: dayOrNull(left),
    active: (hired === NO_DAY || hired <= day) && (left === NO_DAY || left >= day),
  };
}

/** The roster's order: by CRM id, as the code units compare (REP-0002 before REP-0011, 005A before 005a). */
export const byCrmId = (a: { readonly id: string }, b: { readonly id: string }): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Every rep of the dataset, sorted by CRM id, as of `asOf` and with their quota for `period`. */
export function repRoster(
  dataset: Pick<Dataset, 'reps' | 'quotas' | 'labels'>,
  period: AnalysisPeriod,
  calendar: FiscalCalendar,
  asOf: IsoDate,
): RosterRep[] {
  const day = toDayNumber(asOf);
  const quotas = repQuotasIn(dataset, period, calendar);
  const roster: RosterRep[] = [];
  for (let row = 0; row < dataset.reps.count; row++) {
    const quota = quotas[row]!;
    roster.push({ ...rosterEntry(dataset, row, day), quota: quota > 0 ? quota : null });
  }
  return roster.sort(byCrmId);
}
