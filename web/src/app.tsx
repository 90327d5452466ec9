/**
 * The dashboard: sign-in with an API token, then the sections the user's role may read. Who the user is and what
 * they see come from GET /api/me; every figure from the API, which scopes it to the user's role.
 * @module
 */
import {
  type FormEvent,
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import { ApiError, apiGet } from './api.js';
import type { Me } from './api-types.js';
import { CompensationPage } from './pages/compensation.js';
import { DealsPage } from './pages/deals.js';
import { ForecastPage } from './pages/forecast.js';
import { OverviewPage } from './pages/overview.js';
import {
  ASKS_THE_SERVER,
  type ParamChanges,
  type Place,
  SECTION_ROLES,
  SECTIONS,
  sectionOfPath,
  usePlace,
} from './router.js';
import { forgetToken, storedToken, storeToken } from './session.js';
import { type Session, SessionContext } from './session-context.js';
import { fieldText, Loading } from './ui.js';

// Admins' page only: it loads when opened, not with every role's first bundle.
const UsersPage = lazy(() => import('./pages/users.js').then((users) => ({ default: users.UsersPage })));

export interface PageProps {
  readonly place: Place;
  readonly go: (path: string | null, changes?: ParamChanges) => void;
}

type SignIn =
  | { readonly state: 'signed-out'; readonly message: string | null }
  | { readonly state: 'checking' }
  | { readonly state: 'signed-in'; readonly token: string; readonly me: Me };

/** The token's user, or a sign-in state with the reason it was refused. */
async function signInWith(token: string): Promise<SignIn> {
  try {
    return { state: 'signed-in', token, me: await apiGet<Me>('/api/me', token) };
  } catch (error) {
    forgetToken();
    if (error instanceof ApiError && error.status === 401) {
      return {
        state: 'signed-out',
        message: `That token was not accepted: ${error.message}. Check it was pasted whole, or ask an admin for a new one (salesops \`users add\` on the server).`,
      };
    }
    return { state: 'signed-out', message: error instanceof Error ? error.message : String(error) };
  }
}

export function App() {
  const [signIn, setSignIn] = useState<SignIn>(() =>
    storedToken() ? { state: 'checking' } : { state: 'signed-out', message: null },
  );
  useEffect(() => {
    const token = storedToken();
    if (token && signIn.state === 'checking') void signInWith(token).then(setSignIn);
  }, [signIn.state]);
  const submit = useCallback(async (token: string) => {
    setSignIn({ state: 'checking' });
    storeToken(token);
    setSignIn(await signInWith(token));
  }, []);
  const signOut = useCallback((message: string | null) => {
    forgetToken();
    setSignIn({ state: 'signed-out', message });
  }, []);
  if (signIn.state === 'signed-in') {
    return <Dashboard token={signIn.token} me={signIn.me} signOut={signOut} />;
  }
  return (
    <SignInPage
      checking={signIn.state === 'checking'}
      message={signIn.state === 'signed-out' ? signIn.message : null}
      onSubmit={(token) => void submit(token)}
    />
  );
}

function SignInPage(props: { checking: boolean; message: string | null; onSubmit: (token: string) => void }) {
  const id = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const token = fieldText(new FormData(event.currentTarget), 'token');
    if (token) props.onSubmit(token);
  };
  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby={`${id}-title`}>
        <h1 id={`${id}-title`}>
          <span className="brand">salesops</span> dashboard
        </h1>
        <p>
          Sign in with your API token. An admin makes one with <code>salesops users add</code>.
        </p>
        {props.message && (
          <p className="error-note" role="alert">
            {props.message}
          </p>
        )}
        <label htmlFor={id}>API token</label>
        <input
          id={id}
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="so_…"
          required
          autoFocus
        />
        <button type="submit" disabled={props.checking}>
          {props.checking ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="hint">The token is kept in this tab only, until you sign out or close it.</p>
      </form>
    </main>
  );
}

/** "11 reps" or "every rep": what the user's figures cover. */
function scopeText(me: Me): string {
  if (me.reps === 'all') return 'all reps';
  if (me.role === 'rep') return 'own deals';
  return `${me.reps.length} reps in team`;
}

function Dashboard(props: { token: string; me: Me; signOut: (message: string | null) => void }) {
  const { me, signOut } = props;
  const [place, go] = usePlace();
  const section = sectionOfPath(place.path);
  const sections = SECTIONS.filter((each) => SECTION_ROLES[each.id].includes(me.role));
  const heading = useRef<HTMLHeadingElement>(null);
  const expire = useCallback((message: string) => signOut(message), [signOut]);
  const session: Session = useMemo(
    () => ({ token: props.token, me, locale: navigator.language || 'en-US', expire }),
    [props.token, me, expire],
  );
  // Moving to another section puts the keyboard and screen reader at its heading, as a page load would.
  useEffect(() => heading.current?.focus(), [section]);
  const current = SECTIONS.find((each) => each.id === section);
  // A section the role may not read, typed in the address bar: said here, with no call the server would refuse,
  // unless the section is the server's answer alone, whose refusal the page shows.
  const allowed =
    section !== null && (SECTION_ROLES[section].includes(me.role) || ASKS_THE_SERVER.has(section));
  const pageProps: PageProps = { place, go };
  return (
    <SessionContext.Provider value={session}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">salesops</span>
        <nav aria-label="Sections">
          {sections.map((each) => (
            <a
              key={each.id}
              href={each.path}
              aria-current={each.id === section ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                go(each.path);
              }}
            >
              {each.title}
            </a>
          ))}
        </nav>
        <div className="who" role="group" aria-label="Signed in as">
          <span className="login">{me.login}</span>
          <span className="role">
            {me.role}
            {me.rep ? ` · ${me.rep}` : ''} · {scopeText(me)}
          </span>
          <button type="button" onClick={() => signOut('You have signed out.')}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main">
        <h1 tabIndex={-1} ref={heading}>
          {current?.title ?? 'Not found'}
        </h1>
        {section !== null && !allowed && (
          <div className="error-note" role="alert">
            <h3>Not available to your role</h3>
            <p>
              The {me.role} role may not read {current?.title ?? section}: ask an admin if you need it.
            </p>
          </div>
        )}
        {allowed && section === 'overview' && <OverviewPage {...pageProps} />}
        {allowed && section === 'forecast' && <ForecastPage {...pageProps} />}
        {allowed && section === 'deals' && <DealsPage {...pageProps} />}
        {allowed && section === 'compensation' && <CompensationPage {...pageProps} />}
        {allowed && section === 'users' && (
          <Suspense fallback={<Loading what="the users" />}>
            <UsersPage />
          </Suspense>
        )}
        {section === null && (
          <p>
            There is no page at <code>{place.path}</code>.{' '}
            <a
              href="/"
              onClick={(event) => {
                event.preventDefault();
                go('/');
              }}
            >
              Go to the overview
            </a>
            .
          </p>
        )}
      </main>
    </SessionContext.Provider>
  );
}
