/**
 * Pieces the pages share: the loading and error notes, key figures, and the period and as-of controls.
 * @module
 */
import { type FormEvent, type ReactNode, useId } from 'react';
import type { ApiError } from './api.js';
import { codeSpans, nearbyPeriods } from './format.js';

/** Text whose `backticked` spans (commands, fields) are shown as code. */
export function Prose({ text }: { text: string }) {
  return (
    <>
      {codeSpans(text).map((span, index) =>
        span.code ? <code key={index}>{span.text}</code> : <span key={index}>{span.text}</span>,
      )}
    </>
  );
}

/** A text field of a submitted form, trimmed ('' when absent). */
export function fieldText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

/**
 * An API error in the API's words: 403 as "not in your role", 400 with each problem's place, message and fix on
 * lines of their own; `title` heads it instead when the page knows what the status means there (a 409).
 */
export function ErrorNote({
  error,
  title: pageTitle,
  children,
}: {
  error: ApiError;
  title?: string;
  /** What the page offers to do about it, below the API's words. */
  children?: ReactNode;
}) {
  const title =
    pageTitle ??
    (error.status === 403
      ? 'Not in your role'
      : error.status === 400
        ? 'The request was refused'
        : error.status === 404
          ? 'Not found in your data'
          : 'Something went wrong');
  return (
    <div className="error-note" role="alert">
      <h3>{title}</h3>
      <p>
        <Prose text={error.message} />
      </p>
      {error.problems.length > 0 && (
        <ul>
          {error.problems.map((problem, index) => (
            <li key={index}>
              {problem.where && <code className="problem-where">{problem.where}</code>}
              {problem.message !== error.message && (
                <span className="problem-message">
                  <Prose text={problem.message} />
                </span>
              )}
              {problem.fix && (
                <span className="problem-fix">
                  Fix: <Prose text={problem.fix} />
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {children}
    </div>
  );
}

/** The query fields the period controls set, as the API names them in a problem's `where`. */
const PERIOD_FIELDS: Readonly<Record<string, string>> = { period: 'fiscal period', asOf: 'as-of day' };

/**
 * The error of a page's call for a period: a refused period or as-of day is headed as such, with the API's fix
 * and a way to the server's default (the fiscal quarter of today); any other error as ErrorNote says it.
 */
export function PeriodErrorNote({ error, showDefault }: { error: ApiError; showDefault: () => void }) {
  const refused =
    error.status === 400
      ? [...new Set(error.problems.flatMap((problem) => PERIOD_FIELDS[problem.where ?? ''] ?? []))]
      : [];
  if (refused.length === 0) return <ErrorNote error={error} />;
  return (
    <ErrorNote
      error={error}
      title={`The ${refused.join(' and ')} ${refused.length === 1 ? 'was' : 'were'} refused`}
    >
      <p className="error-action">
        Correct it above and press Show, or{' '}
        <button type="button" className="secondary" onClick={showDefault}>
          Show the current quarter
        </button>
      </p>
    </ErrorNote>
  );
}

export interface Figure {
  readonly label: string;
  readonly value: string;
  /** What the figure means (the metric's definition), shown on hover and to screen readers. */
  readonly help?: string;
  readonly note?: string;
  /** What the figure left out (deals it does not count), each said under it. */
  readonly leftOut?: readonly string[];
}

/** Key figures as a description list: each label (dt) with its value (dd). */
export function Figures({ figures, label }: { figures: readonly Figure[]; label: string }) {
  return (
    <dl className="figures" aria-label={label}>
      {figures.map((figure) => (
        <div className="figure" key={figure.label} title={figure.help}>
          <dt>{figure.label}</dt>
          <dd>{figure.value}</dd>
          {figure.note && <dd className="figure-note">{figure.note}</dd>}
          {figure.leftOut?.map((text) => (
            <dd className="figure-note left-out" key={text}>
              {text}
            </dd>
          ))}
        </div>
      ))}
    </dl>
  );
}

export function Section({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const id = useId();
  return (
    <section className="panel" aria-labelledby={id}>
      <div className="panel-head">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/**
 * The period and as-of day a page looks at. Empty fields leave the choice to the server (the fiscal quarter of its
 * as-of day); `answered` is the period the server used, whose neighbours are suggested.
 */
export function PeriodControls(props: {
  period: string;
  asOf: string;
  answered: string | null;
  onChange: (period: string, asOf: string) => void;
}) {
  const periodId = useId();
  const asOfId = useId();
  const listId = useId();
  const suggestions = nearbyPeriods(props.answered ?? props.period);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    props.onChange(fieldText(form, 'period'), fieldText(form, 'asOf'));
  };
  return (
    <form className="controls" onSubmit={submit} aria-label="Period">
      <label htmlFor={periodId}>Fiscal period</label>
      <input
        id={periodId}
        name="period"
        list={listId}
        defaultValue={props.period}
        placeholder={props.answered ?? 'FY2027-Q4'}
        size={12}
        spellCheck={false}
        key={`period-${props.period}`}
      />
      <datalist id={listId}>
        {suggestions.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <label htmlFor={asOfId}>As of</label>
      <input id={asOfId} name="asOf" type="date" defaultValue={props.asOf} key={`asof-${props.asOf}`} />
      <button type="submit">Show</button>
    </form>
  );
}
