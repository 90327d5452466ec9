/**
 * The API's users (GET /api/users, admin only): each login with its role, the rep it is, who added it and when,
 * and whether its token is revoked or when it expires; never a stored token. A form adds a user (POST /api/users)
 * and shows their new token this once, to be copied and handed over, with the server's warnings under it (a
 * manager who manages nobody, a rep who has left: added all the same); each active user but the admin signed in
 * has a Revoke button, confirmed in the row before POST /api/users/{login}/revoke. The server checks the role of
 * every call (any other role gets 403, which the page shows) and every field, so the page shows its refusals.
 * @module
 */
import { type FormEvent, useId, useState } from 'react';
import { ApiError, apiPost } from '../api.js';
import type { ApiUser, Role, UserAdded } from '../api-types.js';
import { useApi, useReps, useSession } from '../session-context.js';
import { ErrorNote, fieldText, Loading, Section } from '../ui.js';

/** The roles in the order the form offers them, each with what it may see. */
const ROLES: readonly { id: Role; title: string }[] = [
  { id: 'rep', title: 'rep: their own deals, forecast and statement' },
  { id: 'manager', title: 'manager: their subtree of the rep hierarchy' },
  { id: 'revops', title: 'revops: all pipeline, forecasts and adjustments' },
  { id: 'finance', title: 'finance: every payee’s pay, pipeline read' },
  { id: 'admin', title: 'admin: everything, and users' },
];
/** Roles that see their own part of the hierarchy, and so name the rep they are. */
const ROLES_WITH_REP: readonly Role[] = ['manager', 'rep'];

/** Lifetimes the form offers, as the API's `expiresIn` takes them ('' for a token that does not expire). */
const LIFETIMES: readonly { value: string; title: string }[] = [
  { value: '30d', title: '30 days' },
  { value: '90d', title: '90 days' },
  { value: '365d', title: 'one year' },
  { value: '', title: 'never' },
];

/** The token's state as the list gives it: revoked, expiring, or neither. */
function tokenState(user: ApiUser): string {
  if (user.revokedOn !== null) return `revoked on ${user.revokedOn}`;
  if (user.expiresOn !== null) return `refused from ${user.expiresOn}`;
  return 'does not expire';
}

type Outcome = { readonly added: UserAdded } | { readonly revoked: string } | { readonly error: ApiError };

const asApiError = (error: unknown) =>
  error instanceof ApiError ? error : new ApiError(0, String(error), []);

export function UsersPage() {
  const { me, token } = useSession();
  const users = useApi<ApiUser[]>('/api/users');
  const reps = useReps();
  const ids = { login: useId(), role: useId(), rep: useId(), lifetime: useId() };
  const [role, setRole] = useState<Role>('rep');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  // The new token lives here only, until the page is left or the admin hides it: the API never shows it again.
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  if (users.error) return <ErrorNote error={users.error} />;
  if (!users.data) return <Loading what="the users" />;

  const add = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const rep = fieldText(form, 'rep');
    const expiresIn = fieldText(form, 'expiresIn');
    setBusy(true);
    try {
      const added = await apiPost<UserAdded>('/api/users', token, {
        login: fieldText(form, 'login'),
        role: fieldText(form, 'role'),
        ...(ROLES_WITH_REP.includes(role) && rep ? { rep } : {}),
        ...(expiresIn ? { expiresIn } : {}),
      });
      setOutcome({ added });
      formElement.reset();
      setRole('rep');
    } catch (error) {
      setOutcome({ error: asApiError(error) });
    } finally {
      setBusy(false);
      users.reload();
    }
  };
  const revoke = async (login: string) => {
    setBusy(true);
    try {
      await apiPost<ApiUser>(`/api/users/${encodeURIComponent(login)}/revoke`, token, undefined);
      setOutcome({ revoked: login });
    } catch (error) {
      setOutcome({ error: asApiError(error) });
    } finally {
      setBusy(false);
      setConfirming(null);
      users.reload();
    }
  };

  const revoked = users.data.filter((user) => user.revokedOn !== null).length;
  const repChoices = reps.choices?.filter(reps.employed) ?? [];
  return (
    <>
      <p className="context">
        {users.data.length === 1 ? 'One user' : `${users.data.length} users`}, {revoked} revoked. A token is
        shown once, when its user is added; only its hash is kept.
      </p>
      {outcome && 'added' in outcome && (
        <div className="new-token" role="status" aria-label="New token">
          <h3>
            Added {outcome.added.user.login}: {outcome.added.user.role}
            {outcome.added.user.rep === null ? '' : `, ${reps.label(outcome.added.user.rep)}`}
          </h3>
          <p>
            Their bearer token
            {outcome.added.user.expiresOn === null ? '' : `, refused from ${outcome.added.user.expiresOn} on`}
            :
          </p>
          <input
            className="token"
            readOnly
            aria-label="Token"
            value={outcome.added.token}
            size={outcome.added.token.length}
            onFocus={(event) => event.currentTarget.select()}
          />
          {outcome.added.warnings.length > 0 && (
            <>
              {/* What may be a slip in the role or rep: the admin may rather revoke than hand the token over. */}
              <p>Check before you hand it over (the user is added all the same):</p>
              <ul className="user-warnings" aria-label="Warnings">
                {outcome.added.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            </>
          )}
          <p className="warning">
            Copy it now (click it, then Ctrl+C or ⌘C) and hand it over privately. It will not be shown again:
            lost, the user must be revoked and added anew.
          </p>
          <button type="button" className="secondary" onClick={() => setOutcome(null)}>
            I have copied it: hide the token
          </button>
        </div>
      )}
      {outcome && 'revoked' in outcome && (
        <p className="saved revoked-note" role="status">
          Revoked {outcome.revoked}: their token is refused from the next request on.
        </p>
      )}
      {outcome && 'error' in outcome && (
        <ErrorNote
          error={outcome.error}
          {...(outcome.error.status === 409 ? { title: 'Another admin changed the users meanwhile' } : {})}
        />
      )}
      <div className="table-wrap">
        <table className="users">
          <caption>API users</caption>
          <thead>
            <tr>
              <th scope="col">Login</th>
              <th scope="col">Role</th>
              <th scope="col">Rep</th>
              <th scope="col">Added</th>
              <th scope="col">Token</th>
              <th scope="col">Revoke</th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((user, index) => (
              <tr key={`${user.login} ${index}`} className={user.revokedOn === null ? undefined : 'revoked'}>
                <th scope="row">{user.login}</th>
                <td>{user.role}</td>
                <td>{user.rep === null ? '—' : reps.label(user.rep)}</td>
                <td>
                  {user.createdOn} by {user.createdBy}
                </td>
                <td>{tokenState(user)}</td>
                <td>
                  {user.revokedOn !== null ? (
                    '—'
                  ) : user.login === me.login ? (
                    <span className="hint">you: only another admin can revoke you</span>
                  ) : confirming === user.login ? (
                    <span className="confirm">
                      Revoke {user.login}?{' '}
                      <button type="button" disabled={busy} onClick={() => void revoke(user.login)}>
                        Yes, revoke
                      </button>{' '}
                      <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                        Cancel
                      </button>
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Revoke ${user.login}`}
                      onClick={() => setConfirming(user.login)}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="add-user">
        <Section title="Add a user">
          <form className="controls" onSubmit={(event) => void add(event)} aria-label="Add a user">
            <label htmlFor={ids.login}>Login</label>
            <input
              id={ids.login}
              name="login"
              required
              placeholder="e.g. dana"
              size={14}
              spellCheck={false}
              autoComplete="off"
            />
            <label htmlFor={ids.role}>Role</label>
            <select
              id={ids.role}
              name="role"
              value={role}
              onChange={(event) => setRole(event.target.value as Role)}
            >
              {ROLES.map((each) => (
                <option key={each.id} value={each.id}>
                  {each.title}
                </option>
              ))}
            </select>
            {ROLES_WITH_REP.includes(role) && (
              <>
                <label htmlFor={ids.rep}>Rep they are</label>
                {repChoices.length > 0 ? (
                  <select id={ids.rep} name="rep" required>
                    {repChoices.map((rep) => (
                      <option key={rep} value={rep}>
                        {reps.label(rep)}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input id={ids.rep} name="rep" required placeholder="CRM id" size={12} spellCheck={false} />
                )}
              </>
            )}
            <label htmlFor={ids.lifetime}>Expires after</label>
            <select id={ids.lifetime} name="expiresIn" defaultValue="90d">
              {LIFETIMES.map((each) => (
                <option key={each.value} value={each.value}>
                  {each.title}
                </option>
              ))}
            </select>
            <button type="submit" disabled={busy}>
              {busy ? 'Adding…' : 'Add user'}
            </button>
          </form>
          <p className="hint">
            A manager sees the rep they are and everyone under them; a rep, their own data. The new token is
            shown once, above the list.
          </p>
        </Section>
      </div>
    </>
  );
}
