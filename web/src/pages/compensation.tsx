/**
 * A payee's statement from a stored comp run (GET /api/comp/statements/:payee): the total and draw balance, each
 * line with its trace, and attainment per measure. Finance and admins may open anyone's, a manager their team's,
 * a rep their own; the server refuses the rest. The payee picker names the reps of the user's scope (GET
 * /api/reps), the pay period picker the periods of the stored runs (GET /api/comp/runs), the latest chosen.
 * @module
 */
import { type FormEvent, useId } from 'react';
import type { PageProps } from '../app.js';
import { query } from '../api.js';
import type { CompRuns, Statement } from '../api-types.js';
import { formatCount, formatMinor, formatPercent } from '../format.js';
import { useApi, useReps, useSession } from '../session-context.js';
import { ErrorNote, fieldText, Figures, Loading, Section } from '../ui.js';

/** A line's trace as `salesops comp statement` prints it: one part a line, a list (the deals) space-separated. */
function traceText(trace: Record<string, unknown>): string {
  const text = (value: unknown) =>
    typeof value === 'string'
      ? value
      : Array.isArray(value) && value.every((item) => typeof item === 'string')
        ? value.join(' ')
        : JSON.stringify(value);
  return Object.entries(trace)
    .map(([key, value]) => `${key}: ${text(value)}`)
    .join('\n');
}

function StatementView({ answer }: { answer: Statement }) {
  const { locale } = useSession();
  const { statement } = answer;
  const money = (minor: number) => formatMinor(minor, statement.currency, locale);
  // New logos are a count; the other measures (bookings, ARR, renewals) money in minor units.
  const measureValue = (metric: string, value: number) =>
    metric === 'newLogos' ? formatCount(value, locale) : money(value);
  return (
    <>
      <Figures
        label="Statement figures"
        figures={[
          { label: 'Payee', value: answer.payee.name, note: `${answer.payee.id} · ${answer.payee.role}` },
          { label: 'Plan', value: answer.payee.plan, ...(answer.timing ? { note: answer.timing } : {}) },
          { label: 'Total', value: money(statement.total) },
          { label: 'Draw balance', value: money(statement.drawBalance) },
          {
            label: 'Run',
            value: answer.closed ? 'Closed' : 'Open',
            note: answer.closed
              ? `closed ${answer.closed.at} by ${answer.closed.by}`
              : `as of ${answer.asOf}`,
          },
        ]}
      />
      <Section title="Lines">
        <div className="table-wrap">
          <table>
            <caption>
              Statement lines of {answer.payee.name}, {answer.period}
            </caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Measure</th>
                <th scope="col" className="number">
                  Amount
                </th>
                <th scope="col">How it was computed</th>
              </tr>
            </thead>
            <tbody>
              {statement.lines.map((line, index) => (
                <tr key={index}>
                  <th scope="row">{line.kind}</th>
                  <td>{line.measure ?? '—'}</td>
                  <td className="number">{money(line.amount)}</td>
                  <td>
                    <details>
                      <summary>Trace</summary>
                      <pre>{traceText(line.trace)}</pre>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  Total
                </th>
                <td className="number">{money(statement.total)}</td>
                <td />
              </tr>
            </tfoot>
          </table>
        </div>
        <p className="hint">{statement.rounding}</p>
      </Section>
      {/* The plan's measures against their quotas: not the overview's attainment (closed won over quota). */}
      {statement.attainment.length > 0 && (
        <Section title="Attainment by measure">
          <div className="table-wrap">
            <table>
              <caption>Volume against quota per measure</caption>
              <thead>
                <tr>
                  <th scope="col">Measure</th>
                  <th scope="col">Metric</th>
                  <th scope="col" className="number">
                    Volume
                  </th>
                  <th scope="col" className="number">
                    Quota
                  </th>
                  <th scope="col" className="number">
                    Volume / quota
                  </th>
                </tr>
              </thead>
              <tbody>
                {statement.attainment.map((row) => (
                  <tr key={`${row.measure}-${row.metric}`}>
                    <th scope="row">{row.measure}</th>
                    <td>{row.metric}</td>
                    <td className="number">{measureValue(row.metric, row.volume)}</td>
                    {/* A measure without quota, as the CLI's statement says it (not a quota of $0.00). */}
                    <td className="number">
                      {row.quota > 0 ? measureValue(row.metric, row.quota) : 'no quota'}
                    </td>
                    <td className="number">
                      {row.quota > 0 ? formatPercent(row.volume / row.quota, locale) : 'n/a'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Section>
      )}
    </>
  );
}

export function CompensationPage({ place, go }: PageProps) {
  const { me } = useSession();
  const ids = { payee: useId(), period: useId() };
  const reps = useReps();
  const ownPayee = me.role === 'rep' ? (me.rep ?? '') : '';
  const payee = ownPayee || (place.params.get('payee') ?? me.rep ?? '');
  const runs = useApi<CompRuns>('/api/comp/runs');
  const storedPeriods = runs.data?.periods ?? null;
  const period = place.params.get('payPeriod') ?? storedPeriods?.at(-1) ?? '';
  // Latest first; a period of the address without a stored run stays chosen, for the statement's 404 to say.
  const periodChoices =
    storedPeriods === null
      ? null
      : [...(period === '' || storedPeriods.includes(period) ? [] : [period]), ...storedPeriods.toReversed()];
  const path =
    payee && period ? `/api/comp/statements/${encodeURIComponent(payee)}${query({ period })}` : null;
  const { data, error } = useApi<Statement>(path);
  const choose = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    go(null, {
      payee: ownPayee ? undefined : fieldText(form, 'payee'),
      payPeriod: fieldText(form, 'payPeriod'),
    });
  };
  return (
    <>
      <form className="controls" onSubmit={choose} aria-label="Statement" key={`${payee}|${period}`}>
        <label htmlFor={ids.payee}>Payee</label>
        {ownPayee ? (
          <input id={ids.payee} name="payee" value={ownPayee} readOnly size={12} />
        ) : reps.choices !== null ? (
          <select id={ids.payee} name="payee" defaultValue={payee} required>
            {payee === '' && <option value="">Choose a payee</option>}
            {reps.choices.map((id) => (
              <option key={id} value={id}>
                {reps.label(id)}
                {id === me.rep ? ' (you)' : ''}
                {reps.employed(id) ? '' : ' (left)'}
              </option>
            ))}
          </select>
        ) : (
          // A company-wide scope until the reps are loaded (or if they cannot be): the CRM id, typed.
          <input
            id={ids.payee}
            name="payee"
            defaultValue={payee}
            placeholder="CRM id, e.g. REP-0015"
            size={22}
            required
            spellCheck={false}
          />
        )}
        <label htmlFor={ids.period}>Pay period</label>
        {periodChoices !== null && periodChoices.length > 0 ? (
          <select id={ids.period} name="payPeriod" defaultValue={period} required>
            {periodChoices.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
                {storedPeriods?.includes(choice) ? '' : ' (no stored run)'}
              </option>
            ))}
          </select>
        ) : (
          // Until the stored runs are loaded (or if they cannot be, or there are none): the period, typed.
          <input
            id={ids.period}
            name="payPeriod"
            defaultValue={period}
            placeholder="e.g. FY2027-M03"
            size={12}
            required
            spellCheck={false}
          />
        )}
        <button type="submit">Show statement</button>
      </form>
      {storedPeriods?.length === 0 ? (
        <p>No comp run is stored yet: finance runs one with salesops comp run.</p>
      ) : path === null ? (
        <p>
          Choose a payee and the pay period of a stored comp run (finance runs it with salesops comp run).
        </p>
      ) : error ? (
        <ErrorNote error={error} />
      ) : data ? (
        <StatementView answer={data} />
      ) : (
        <Loading what="the statement" />
      )}
    </>
  );
}
