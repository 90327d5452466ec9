/**
 * The deals in the user's scope as they stand now (GET /api/opportunities), a page at a time, filtered by state,
 * owner and stage and sorted; by default the open deals, the next to close first. Amounts are shown in each
 * deal's own currency, from its integer minor units, in whole units as a sales manager reads deals (and the CLI
 * writes pipeline); owners are named from GET /api/reps. An open deal whose close date is before the server's
 * as-of day is marked overdue beside the date.
 * @module
 */
import { type FormEvent, useId, useMemo, useRef } from 'react';
import type { PageProps } from '../app.js';
import { query } from '../api.js';
import type { OpportunityPage } from '../api-types.js';
import { forecastCategoryTitle, formatMinor, pageCount, pageRange } from '../format.js';
import { useApi, useReps, useSession } from '../session-context.js';
import { ErrorNote, fieldText, Loading } from '../ui.js';

const PAGE_SIZES = [25, 50, 100, 200] as const;

/** The state filter's choices (`all`: no filter); the API's `state` for the others. */
const STATES = [
  { id: 'open', title: 'Open', caption: 'Open deals' },
  { id: 'won', title: 'Won', caption: 'Won deals' },
  { id: 'lost', title: 'Lost', caption: 'Lost deals' },
  { id: 'closed', title: 'Closed (won or lost)', caption: 'Closed deals' },
  { id: 'all', title: 'Any state', caption: 'Deals' },
] as const;
const DEFAULT_STATE = 'open';

/** The orders offered, as the API's `sort`. */
const SORTS = [
  { id: 'closeDate', title: 'Close date, soonest first' },
  { id: '-closeDate', title: 'Close date, latest first' },
  { id: '-amount', title: 'Amount, largest first' },
  { id: '-createdDate', title: 'Created, newest first' },
] as const;
const DEFAULT_SORT = 'closeDate';

/** A choice from the address when it is one of `choices`, else the default. */
function choiceOf<Id extends string>(text: string | null, choices: readonly { id: Id }[], fallback: Id): Id {
  return choices.find((choice) => choice.id === text)?.id ?? fallback;
}

function positive(text: string | null, fallback: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export function DealsPage({ place, go }: PageProps) {
  const { me, locale } = useSession();
  const ids = {
    state: useId(),
    owner: useId(),
    stage: useId(),
    sort: useId(),
    size: useId(),
    stages: useId(),
  };
  const state = choiceOf(place.params.get('state'), STATES, DEFAULT_STATE);
  const sort = choiceOf(place.params.get('sort'), SORTS, DEFAULT_SORT);
  const owner = place.params.get('owner') ?? '';
  const stage = place.params.get('stage') ?? '';
  const page = positive(place.params.get('page'), 1);
  const pageSize = positive(place.params.get('pageSize'), 50);
  const { data, error, loading } = useApi<OpportunityPage>(
    `/api/opportunities${query({ state: state === 'all' ? undefined : state, owner, stage, sort, page, pageSize })}`,
  );
  const reps = useReps();
  // The stages met so far, to suggest in the filter (the API does not list them).
  const seen = useRef(new Set<string>());
  const stages = useMemo(() => {
    for (const item of data?.items ?? []) if (item.stage) seen.current.add(item.stage);
    return [...seen.current].sort();
  }, [data]);
  const filter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    go(null, {
      // The defaults stay out of the address.
      state: fieldText(form, 'state') === DEFAULT_STATE ? undefined : fieldText(form, 'state'),
      owner: fieldText(form, 'owner'),
      stage: fieldText(form, 'stage'),
      sort: fieldText(form, 'sort') === DEFAULT_SORT ? undefined : fieldText(form, 'sort'),
      page: undefined,
    });
  };
  const filtered = state !== DEFAULT_STATE || owner || stage || sort !== DEFAULT_SORT;
  const pages = data ? pageCount(data.pageSize, data.total) : 1;
  return (
    <>
      <form
        className="controls"
        onSubmit={filter}
        aria-label="Filter deals"
        key={`${state}|${owner}|${stage}|${sort}|${reps.choices === null}`}
      >
        <label htmlFor={ids.state}>State</label>
        <select id={ids.state} name="state" defaultValue={state}>
          {STATES.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.title}
            </option>
          ))}
        </select>
        {me.role !== 'rep' && (
          <>
            <label htmlFor={ids.owner}>Owner</label>
            {reps.choices === null ? (
              // A company-wide scope until the reps are loaded (or if they cannot be): the CRM id, typed.
              <input
                id={ids.owner}
                name="owner"
                defaultValue={owner}
                placeholder="CRM id, e.g. REP-0011"
                size={22}
                spellCheck={false}
              />
            ) : (
              <select id={ids.owner} name="owner" defaultValue={owner}>
                <option value="">{me.reps === 'all' ? 'Everyone' : 'Everyone in your team'}</option>
                {reps.choices.map((id) => (
                  <option key={id} value={id}>
                    {reps.label(id)}
                  </option>
                ))}
              </select>
            )}
          </>
        )}
        <label htmlFor={ids.stage}>Stage</label>
        <input
          id={ids.stage}
          name="stage"
          list={ids.stages}
          defaultValue={stage}
          placeholder="any stage"
          size={14}
          spellCheck={false}
        />
        <datalist id={ids.stages}>
          {stages.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <label htmlFor={ids.sort}>Sort</label>
        <select id={ids.sort} name="sort" defaultValue={sort}>
          {SORTS.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.title}
            </option>
          ))}
        </select>
        <button type="submit">Filter</button>
        {filtered && (
          <button
            type="button"
            className="secondary"
            onClick={() =>
              go(null, { state: undefined, owner: '', stage: '', sort: undefined, page: undefined })
            }
          >
            Clear
          </button>
        )}
      </form>
      {error ? (
        <ErrorNote error={error} />
      ) : !data ? (
        <Loading what="deals" />
      ) : (
        <>
          <div className="table-wrap" aria-busy={loading}>
            <table className="deals">
              <caption>
                {[
                  STATES.find((choice) => choice.id === state)!.caption,
                  owner && `of ${reps.names.get(owner) ?? owner}`,
                  stage && `in ${stage}`,
                ]
                  .filter(Boolean)
                  .join(' ')}
                : <span className="count">{pageRange(data.page, data.pageSize, data.total, locale)}</span>
              </caption>
              <thead>
                <tr>
                  <th scope="col">Deal</th>
                  <th scope="col">Account</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Stage</th>
                  <th scope="col">Category</th>
                  <th scope="col" className="number">
                    Amount
                  </th>
                  <th scope="col">Created</th>
                  <th scope="col">Close</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((deal) => (
                  <tr key={deal.id}>
                    <th scope="row">
                      <span className="deal-name">{deal.name}</span>
                      <span className="deal-id">{deal.id}</span>
                    </th>
                    <td>{deal.account ?? '—'}</td>
                    <td data-owner={deal.owner ?? ''}>{deal.ownerName ?? deal.owner ?? '—'}</td>
                    <td>{deal.stage ?? '—'}</td>
                    <td>
                      {deal.forecastCategory === null ? '—' : forecastCategoryTitle(deal.forecastCategory)}
                    </td>
                    <td className="number">
                      {deal.amountMinor === null || deal.currency === null
                        ? '—'
                        : formatMinor(deal.amountMinor, deal.currency, locale, { whole: true })}
                    </td>
                    <td>{deal.createdDate ?? '—'}</td>
                    <td>
                      {deal.closeDate ?? '—'}
                      {deal.overdue && (
                        <>
                          {' '}
                          <span className="badge overdue" title={`open, close date before ${data.asOf}`}>
                            overdue
                          </span>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="Pages of deals">
            <button type="button" disabled={data.page <= 1} onClick={() => go(null, { page: data.page - 1 })}>
              Previous
            </button>
            <span>
              Page {data.page} of {pages}
            </span>
            <button
              type="button"
              disabled={data.page >= pages}
              onClick={() => go(null, { page: data.page + 1 })}
            >
              Next
            </button>
            <label htmlFor={ids.size}>Per page</label>
            <select
              id={ids.size}
              value={pageSize}
              onChange={(event) => go(null, { pageSize: event.target.value, page: undefined })}
            >
              {PAGE_SIZES.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </nav>
        </>
      )}
    </>
  );
}
