/**
 * The deals in the user's scope as they stand now (GET /api/opportunities), a page at a time, filtered by owner
 * and stage. Amounts are shown in each deal's own currency, from its integer minor units.
 * @module
 */
import { type FormEvent, useId, useMemo, useRef } from 'react';
import type { PageProps } from '../app.js';
import { query } from '../api.js';
import type { OpportunityPage } from '../api-types.js';
import { formatMinor, pageCount, pageRange } from '../format.js';
import { useApi, useSession } from '../session-context.js';
import { ErrorNote, fieldText, Loading } from '../ui.js';

const PAGE_SIZES = [25, 50, 100, 200] as const;

function positive(text: string | null, fallback: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export function DealsPage({ place, go }: PageProps) {
  const { me, locale } = useSession();
  const ids = { owner: useId(), stage: useId(), size: useId(), owners: useId(), stages: useId() };
  const owner = place.params.get('owner') ?? '';
  const stage = place.params.get('stage') ?? '';
  const page = positive(place.params.get('page'), 1);
  const pageSize = positive(place.params.get('pageSize'), 50);
  const { data, error, loading } = useApi<OpportunityPage>(
    `/api/opportunities${query({ owner, stage, page, pageSize })}`,
  );
  // Names of the owners and the stages met so far, to suggest in the filters (the API lists neither).
  const seen = useRef({ owners: new Map<string, string>(), stages: new Set<string>() });
  const { owners, stages } = useMemo(() => {
    for (const item of data?.items ?? []) {
      if (item.owner && item.ownerName) seen.current.owners.set(item.owner, item.ownerName);
      if (item.stage) seen.current.stages.add(item.stage);
    }
    return { owners: new Map(seen.current.owners), stages: [...seen.current.stages].sort() };
  }, [data]);
  const ownerChoices = me.reps === 'all' ? [...owners.keys()].sort() : me.reps;
  const filter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    go(null, {
      owner: fieldText(form, 'owner'),
      stage: fieldText(form, 'stage'),
      page: undefined,
    });
  };
  const pages = data ? pageCount(data.pageSize, data.total) : 1;
  return (
    <>
      <form className="controls" onSubmit={filter} aria-label="Filter deals" key={`${owner}|${stage}`}>
        {me.role !== 'rep' && (
          <>
            <label htmlFor={ids.owner}>Owner</label>
            {me.reps === 'all' ? (
              <>
                <input
                  id={ids.owner}
                  name="owner"
                  list={ids.owners}
                  defaultValue={owner}
                  placeholder="CRM id, e.g. REP-0011"
                  size={22}
                  spellCheck={false}
                />
                <datalist id={ids.owners}>
                  {ownerChoices.map((id) => (
                    <option key={id} value={id}>
                      {owners.get(id)}
                    </option>
                  ))}
                </datalist>
              </>
            ) : (
              <select id={ids.owner} name="owner" defaultValue={owner}>
                <option value="">Everyone in your team</option>
                {ownerChoices.map((id) => (
                  <option key={id} value={id}>
                    {owners.has(id) ? `${owners.get(id)} (${id})` : id}
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
        <button type="submit">Filter</button>
        {(owner || stage) && (
          <button
            type="button"
            className="secondary"
            onClick={() => go(null, { owner: '', stage: '', page: undefined })}
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
                {['Deals', owner && `of ${owners.get(owner) ?? owner}`, stage && `in ${stage}`]
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
                    <td>{deal.forecastCategory ?? '—'}</td>
                    <td className="number">
                      {deal.amountMinor === null || deal.currency === null
                        ? '—'
                        : formatMinor(deal.amountMinor, deal.currency, locale)}
                    </td>
                    <td>{deal.createdDate ?? '—'}</td>
                    <td>{deal.closeDate ?? '—'}</td>
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
