/**
 * The period's forecast adjustments (GET /api/forecast/adjustments): the layers of judgement kept beside the
 * system's numbers, each with its note and author; and, for the roles that may (admin, revops, a manager for their
 * team), a form to add one (POST /api/forecast/adjustments). The form sends the revision it read, so a change
 * made by someone else in between is refused (409) rather than silently overwritten. The amount replaces the rep's
 * figure of the category (the API stores the adjusted forecast, not a change to it), so the form names it the new
 * figure, beside the current one. Reps are named from GET /api/reps, a manager layer's manager from the
 * adjustment's `byName` (a rep's scope does not hold their manager).
 * @module
 */
import { type FormEvent, useId, useState } from 'react';
import { ApiError, apiPost, query } from '../api.js';
import type {
  AdjustableCategory,
  Adjustments,
  AdjustmentSaved,
  Forecast,
  ListedAdjustment,
} from '../api-types.js';
import { forecastCategoryTitle, repLabel } from '../format.js';
import { useApi, useReps, useSession } from '../session-context.js';
import { ErrorNote, fieldText, Loading, Section } from '../ui.js';
import { useForecastMoney } from './forecast-money.js';

/** A forecast model as GET /api/forecast is asked for it (`model=`) and as its answer names it (`model.id`). */
interface CategoryModel {
  readonly choice: string;
  readonly id: string;
}

/**
 * The categories a forecast is adjusted in, each with the model whose figure by rep is that category's. No model
 * reports Pipeline by rep, and the forecast's category roll-up (`categories`) is the scope's total only, so a rep's
 * current Pipeline figure is not in any answer of the API: the form says so.
 */
const CATEGORIES: readonly { id: AdjustableCategory; title: string; model: CategoryModel | null }[] = [
  { id: 'commit', title: forecastCategoryTitle('commit'), model: { choice: 'commit', id: 'commit' } },
  {
    id: 'best_case',
    title: forecastCategoryTitle('best_case'),
    model: { choice: 'best_case', id: 'best-case' },
  },
  { id: 'pipeline', title: forecastCategoryTitle('pipeline'), model: null },
];
const ADJUSTERS = ['admin', 'revops', 'manager'];

/** An adjustment's layer: `owner`, or `manager: Ananya Perez (REP-0019)`, the manager named as reps are. */
function layerText({ layer, by, byName }: ListedAdjustment): string {
  if (layer === 'owner' || by === undefined) return layer;
  return `manager: ${repLabel(by, new Map(byName === null ? [] : [[by, byName]]))}`;
}

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
  const [chosen, setChosen] = useState<{ rep: string; category: AdjustableCategory }>({
    rep: '',
    category: 'commit',
  });
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
      });
      const { adjustment } = saved;
      setOutcome({
        saved: `Saved: ${name(adjustment.rep)} ${forecastCategoryTitle(adjustment.category)} ${money(adjustment.amount, { exact: true })} (revision ${saved.revision}).`,
      });
      formElement.reset();
      props.onSaved();
      current.reload();
    } catch (error) {
      setOutcome({ error: error instanceof ApiError ? error : new ApiError(0, String(error), []) });
      // Someone else's save since this page loaded: the forecast's sentence on adjustments is stale too.
      if (error instanceof ApiError && error.status === 409) {
        props.onSaved();
        current.reload();
      }
    } finally {
      setSaving(false);
      stored.reload();
    }
  };
  // A forecast is adjusted for reps employed now; the table still names those who left.
  const reps = scopeReps.choices?.filter(scopeReps.employed) ?? [];
  const rep = chosen.rep || reps[0] || '';
  const category = CATEGORIES.find((each) => each.id === chosen.category) ?? CATEGORIES[0]!;
  const current = useRepCategoryFigure(
    ADJUSTERS.includes(me.role) ? forecast : null,
    props.asOf,
    { id: rep, known: scopeReps.names.has(rep) },
    category.model,
  );
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
                  <td>{layerText(adjustment)}</td>
                  <td>{forecastCategoryTitle(adjustment.category)}</td>
                  <td className="number">{money(adjustment.amount, { exact: true })}</td>
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
            <select
              id={ids.rep}
              name="rep"
              required
              value={rep}
              onChange={(event) => setChosen({ ...chosen, rep: event.target.value })}
            >
              {reps.map((rep) => (
                <option key={rep} value={rep}>
                  {name(rep)}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={ids.rep}
              name="rep"
              required
              placeholder="CRM id"
              size={12}
              spellCheck={false}
              onChange={(event) => setChosen({ ...chosen, rep: event.target.value.trim() })}
            />
          )}
          <label htmlFor={ids.category}>Category</label>
          <select
            id={ids.category}
            name="category"
            value={category.id}
            onChange={(event) => setChosen({ ...chosen, category: event.target.value as AdjustableCategory })}
          >
            {CATEGORIES.map((category) => (
              <option key={category.id} value={category.id}>
                {category.title}
              </option>
            ))}
          </select>
          {/* The amount replaces the rep's figure of the category (the API stores the adjusted forecast). */}
          <label htmlFor={ids.amount}>
            New {category.title}
            {rep ? ` for ${scopeReps.names.get(rep) ?? rep}` : ''} ({forecast.currency})
            {current.figure !== null && <span className="now"> (now {money(current.figure)})</span>}
            {category.model === null && <span className="now"> (now: not reported by rep)</span>}
          </label>
          <input
            id={ids.amount}
            name="amount"
            inputMode="decimal"
            required
            placeholder="new figure"
            size={12}
            pattern="[0-9]+([.][0-9]+)?"
            title="the rep's new figure for the category in major units (it replaces the figure, it is not added to it), e.g. 120000 or 120000.50"
          />
          <label htmlFor={ids.note}>Note</label>
          <input id={ids.note} name="note" required placeholder="why" size={28} />
          <button type="submit" disabled={saving || !stored.data}>
            {saving ? 'Saving…' : 'Save adjustment'}
          </button>
          {category.model === null && (
            <p className="hint">
              The API reports no rep&rsquo;s current Pipeline figure (no forecast model splits Pipeline by
              rep). The new figure replaces the rep&rsquo;s Closed + Commit + Best case + Pipeline for the
              period.
            </p>
          )}
        </form>
      )}
      {outcome && 'saved' in outcome && (
        <p className="saved" role="status">
          {outcome.saved}
        </p>
      )}
      {outcome && 'error' in outcome && (
        <ErrorNote
          error={outcome.error}
          {...(outcome.error.status === 409
            ? { title: 'Someone saved an adjustment since you loaded this page' }
            : {})}
        />
      )}
    </Section>
  );
}

/**
 * The rep's current figure of a category (with the adjustments stored so far), as the category's model splits it
 * by rep: 0 for a rep of the scope (`known`, from GET /api/reps) the split has no row for, as they have no deal in
 * the period; null while not known, for an unknown id, or for a category no model reports by rep. The loaded
 * forecast answers when it is that model's by rep; else the API is asked for it.
 */
function useRepCategoryFigure(
  forecast: Forecast | null,
  asOf: string,
  rep: { readonly id: string; readonly known: boolean },
  model: CategoryModel | null,
): { readonly figure: number | null; readonly reload: () => void } {
  const loadedAnswers =
    forecast !== null && forecast.byGroup.by === 'owner' && forecast.model.id === model?.id;
  const asked = useApi<Forecast>(
    forecast === null || model === null || loadedAnswers
      ? null
      : `/api/forecast${query({ period: forecast.period.name, asOf, by: 'owner', model: model.choice })}`,
  );
  const answer = loadedAnswers ? forecast : asked.data;
  return {
    figure: answer
      ? (answer.byGroup.rows.find((row) => row.id === rep.id)?.forecast ?? (rep.known ? 0 : null))
      : null,
    // The loaded forecast is reloaded by the page; the one asked for here, here.
    reload: asked.reload,
  };
}
