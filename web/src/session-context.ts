/**
 * What every page needs of the signed-in session: the token for the API, who the user is, the locale numbers are
 * written in, and the way back to sign-in when the API refuses the token.
 * @module
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, apiGet } from './api.js';
import type { Me, Rep } from './api-types.js';
import { pickerOrder, repLabel } from './format.js';

export interface Session {
  readonly token: string;
  readonly me: Me;
  readonly locale: string;
  /** Back to sign-in with this message (a 401: the token is unknown or was revoked). */
  readonly expire: (message: string) => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in dashboard');
  return session;
}

export interface Loaded<T> {
  readonly data: T | null;
  readonly error: ApiError | null;
  readonly loading: boolean;
  /** Asks again (after a change the answer depends on). */
  readonly reload: () => void;
}

type LoadState<T> = Omit<Loaded<T>, 'reload'> & { readonly path: string | null; readonly version: number };

/**
 * GET `path` from the API as the signed-in user (null: nothing to load yet), again whenever the path changes; an
 * answer to an older path is dropped. A 401 ends the session.
 */
export function useApi<T>(path: string | null): Loaded<T> {
  const { token, expire } = useSession();
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((previous) => previous + 1), []);
  const [state, setState] = useState<LoadState<T>>({
    data: null,
    error: null,
    loading: path !== null,
    path,
    version,
  });
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setState((previous) => ({ data: previous.data, error: null, loading: true, path, version }));
    apiGet<T>(path, token, controller.signal).then(
      (data) => setState({ data, error: null, loading: false, path, version }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) {
          expire(`The server refused the token: ${error.message}. Sign in with a current token.`);
          return;
        }
        const apiError = error instanceof ApiError ? error : new ApiError(0, String(error), []);
        setState({ data: null, error: apiError, loading: false, path, version });
      },
    );
    return () => controller.abort();
  }, [path, token, expire, version]);
  if (path === null) return { data: null, error: null, loading: false, reload };
  // Until the effect runs for a new path, the previous answer is shown as still loading.
  const { data, error, loading } = state;
  return state.path === path && state.version === version
    ? { data, error, loading, reload }
    : { data, error: null, loading: true, reload };
}

/** The reps of the user's scope, as pickers offer them. */
export interface ScopeReps {
  /**
   * The CRM ids to offer, employed reps first, each group by name. Until GET /api/reps answers (or if it
   * fails): a team's ids from GET /api/me, or null for a company-wide scope, whose picker then takes a typed id.
   */
  readonly choices: readonly string[] | null;
  /** "Samir Chen (REP-0011)"; the bare id while the names are not known. */
  readonly label: (id: string) => string;
  /** Whether a rep is employed on the as-of day (true while not known). */
  readonly employed: (id: string) => boolean;
  /** Their name, if known. */
  readonly names: ReadonlyMap<string, string>;
}

/** The reps of the user's scope (GET /api/reps) for pickers. */
export function useReps(): ScopeReps {
  const { me } = useSession();
  const { data } = useApi<Rep[]>('/api/reps');
  return useMemo(() => {
    const reps = data ?? [];
    const names = new Map(reps.map((rep) => [rep.id, rep.name]));
    const left = new Set(reps.flatMap((rep) => (rep.active ? [] : [rep.id])));
    const choices =
      reps.length > 0 ? pickerOrder(reps).map((rep) => rep.id) : me.reps === 'all' ? null : me.reps;
    return {
      choices,
      label: (id: string) => repLabel(id, names),
      employed: (id: string) => !left.has(id),
      names,
    };
  }, [data, me.reps]);
}
