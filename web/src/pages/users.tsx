/**
 * The API's users (GET /api/users, admin only): each login with its role, the rep it is, who added it and when,
 * and whether its token is revoked or when it expires; never a token. The API lists users only: they are added
 * and revoked with `salesops users add|revoke` on the server, which this page says with each command. The server
 * refuses the list to every other role, and the page shows its refusal.
 * @module
 */
import type { ApiUser } from '../api-types.js';
import { useApi, useReps } from '../session-context.js';
import { ErrorNote, Loading, Prose } from '../ui.js';

/** The token's state as the list gives it: revoked, expiring, or neither. */
function tokenState(user: ApiUser): string {
  if (user.revokedOn !== null) return `revoked on ${user.revokedOn}`;
  if (user.expiresOn !== null) return `refused from ${user.expiresOn}`;
  return 'does not expire';
}

export function UsersPage() {
  const { data, error } = useApi<ApiUser[]>('/api/users');
  const reps = useReps();
  if (error) return <ErrorNote error={error} />;
  if (!data) return <Loading what="the users" />;
  const revoked = data.filter((user) => user.revokedOn !== null).length;
  return (
    <>
      <p className="context">
        {data.length === 1 ? 'One user' : `${data.length} users`}, {revoked} revoked. Tokens are never shown:
        each is printed once, when <code>salesops users add</code> makes it.
      </p>
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
              <th scope="col">To revoke, on the server</th>
            </tr>
          </thead>
          <tbody>
            {data.map((user) => (
              <tr key={user.login} className={user.revokedOn === null ? undefined : 'revoked'}>
                <th scope="row">{user.login}</th>
                <td>{user.role}</td>
                <td>{user.rep === null ? '—' : reps.label(user.rep)}</td>
                <td>
                  {user.createdOn} by {user.createdBy}
                </td>
                <td>{tokenState(user)}</td>
                <td>{user.revokedOn === null ? <code>salesops users revoke {user.login}</code> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">
        <Prose text="The API lists users; it does not add or revoke them. To add one, run on the server, in its workspace: `salesops users add dana --role manager --rep REP-0019 --expires-in 90d` (a manager or rep names the rep they are; admin, revops and finance none). It prints the token once: hand it over privately." />
      </p>
    </>
  );
}
