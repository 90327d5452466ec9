/**
 * The period's forecast adjustments (GET /api/forecast/adjustments): the layers of judgement kept beside the
 * system's numbers, each with its note and author; and, for the roles that may (admin, revops, a manager for their
 * team), a form to add one (POST /api/forecast/adjustments). The form sends the revision it read, so a change
 * made by someone else in between is refused (409) rather than silently overwritten. Reps are named from GET
 * /api/reps.
 * @module
 */
import { type FormEvent, useId, useState } from 'react';
import { ApiError, apiPost, query } from '../api.js';
import type { AdjustableCategory, Adjustments, AdjustmentSaved, Forecast } from '../api-types.js';
import { useApi, useReps, useSession } from '../session-context.js';
import { ErrorNote, fieldText, Loading, Section } from '../ui.js';
import { useForecastMoney } from './forecast-money.js';

const CATEGORIES: readonly { id: AdjustableCategory; title: string }[] = [
  { id: 'commit', title: 'Commit' },
  { id: 'best_case', title: 'Best case' },
  { id: 'pipeline', title: 'Pipeline' },
];
const ADJUSTERS = ['admin', 'revops', 'manager'];

export function AdjustmentsSection(props: { forecast: Forecast; asOf: string; onSaved: () => void }) {
  const { forecast } = props;
  const { me, token } = useSession();
  const money = useForecastMoney(forecast);
  const ids = { rep: useId(), category: useId(), amount: useId(), note: useId() };
  const stored = useApi<Adjustments>(
    `/api/forecast/adjustments${query({ period: forecast.period.name, asOf: props.asOf })}`,
  );
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ saved: string } | { error: ApiError } | null>(null);
  const scopeReps = useReps();
  const name = scopeReps.label;
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!stored.data) return;
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setSaving(true);
    try {
      const saved = await apiPost<AdjustmentSaved>('/api/forecast/adjustments', token, {
        rep: fieldText(form, 'rep'),
        category: fieldText(form, 'category'),
        amount: fieldText(form, 'amount'),
        note: fieldText(form, 'note'),
        period: forecast.period.name,
        revision: stored.data.revision,
        ...(props.asOf ? { asOf: props.asOf } : {}),
      });
      const { adjustment } = saved;
      setOutcome({
        saved: `Saved: ${name(adjustment.rep)} ${adjustment.category} ${money(adjustment.amount)} (revision ${saved.revision}).`,
      });
      formElement.reset();
      props.onSaved();
    } catch (error) {
      setOutcome({ error: error instanceof ApiError ? error : new ApiError(0, String(error), []) });
    } finally {
      setSaving(false);
      stored.reload();
    }
  };
  // A forecast is adjusted for reps employed now; the table still names those who left.
  const reps = scopeReps.choices?.filter(scopeReps.employed) ?? [];
  const leftOut = forecast.totalForecast.adjustmentsNotIncluded;
  return (
    <Section title="Adjustments">
      {leftOut && (
        <p className="hint">
          The chosen model leaves {leftOut.count === 1 ? 'one adjustment' : `${leftOut.count} adjustments`}{' '}
          out of its total: {leftOut.count === 1 ? 'it' : 'they'} would move Commit by {money(leftOut.commit)}{' '}
          and Best case by {money(leftOut.bestCase)}. The Commit and Best case models include them.
        </p>
      )}
      {stored.error ? (
        <ErrorNote error={stored.error} />
      ) : !stored.data ? (
        <Loading what="the adjustments" />
      ) : stored.data.adjustments.length === 0 ? (
        <p>No adjustment is stored for {forecast.period.name} in your scope.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>
              Adjustments of {stored.data.period} (revision {stored.data.revision})
            </caption>
            <thead>
              <tr>
                <th scope="col">Rep</th>
                <th scope="col">Layer</th>
                <th scope="col">Category</th>
                <th scope="col" className="number">
                  Amount
                </th>
                <th scope="col">Note</th>
                <th scope="col">Made</th>
              </tr>
            </thead>
            <tbody>
              {stored.data.adjustments.map((adjustment, index) => (
                <tr key={index}>
                  <th scope="row">{name(adjustment.rep)}</th>
                  <td>{adjustment.layer === 'manager' ? `manager (${adjustment.by ?? ''})` : 'owner'}</td>
                  <td>{adjustment.category}</td>
                  <td className="number">{money(adjustment.amount)}</td>
                  <td>{adjustment.note}</td>
                  <td>
                    {adjustment.madeOn} by {adjustment.madeBy}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {ADJUSTERS.includes(me.role) && (
        <form
          className="controls adjust"
          onSubmit={(event) => void submit(event)}
          aria-label="Adjust a forecast"
        >
          <label htmlFor={ids.rep}>Rep</label>
          {reps.length > 0 ? (
            <select id={ids.rep} name="rep" required>
              {reps.map((rep) => (
                <option key={rep} value={rep}>
                  {name(rep)}
                </option>
              ))}
            </select>
          ) : (
            <input id={ids.rep} name="rep" required placeholder="CRM id" size={12} spellCheck={false} />
          )}
          <label htmlFor={ids.category}>Category</label>
          <select id={ids.category} name="category">
            {CATEGORIES.map((category) => (
              <option key={category.id} value={category.id}>
                {category.title}
              </option>
            ))}
          </select>
          <label htmlFor={ids.amount}>Amount ({forecast.currency})</label>
          <input
            id={ids.amount}
            name="amount"
            inputMode="decimal"
            required
            placeholder="e.g. 120000"
            size={12}
            pattern="[0-9]+([.][0-9]+)?"
            title="the adjusted forecast in major units, e.g. 120000 or 120000.50"
          />
          <label htmlFor={ids.note}>Note</label>
          <input id={ids.note} name="note" required placeholder="why" size={28} />
          <button type="submit" disabled={saving || !stored.data}>
            {saving ? 'Saving…' : 'Save adjustment'}
          </button>
        </form>
      )}
      {outcome && 'saved' in outcome && (
        <p className="saved" role="status">
          {outcome.saved}
        </p>
      )}
      {outcome && 'error' in outcome && <ErrorNote error={outcome.error} />}
    </Section>
  );
}
