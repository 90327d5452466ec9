/**
 * The dashboard's addresses: a section per path (/, /forecast, /deals, /compensation, /users) and its choices (period,
 * as-of date, filters, page) in the query string, so that a view can be bookmarked, shared and reloaded. The
 * server answers every non-/api path with the dashboard (src/server/dashboard.ts).
 * @module
 */
import { useCallback, useEffect, useState } from 'react';
import type { Role } from './api-types.js';

export const SECTIONS = [
  { id: 'overview', path: '/', title: 'Overview' },
  { id: 'forecast', path: '/forecast', title: 'Forecast' },
  { id: 'deals', path: '/deals', title: 'Deals' },
  { id: 'compensation', path: '/compensation', title: 'Compensation' },
  { id: 'users', path: '/users', title: 'Users' },
] as const;
export type SectionId = (typeof SECTIONS)[number]['id'];

/**
 * The roles whose API calls a section makes: the server checks them; the dashboard only leaves out a section whose
 * every call would be refused (revops may not read statements).
 */
export const SECTION_ROLES: Record<SectionId, readonly Role[]> = {
  overview: ['admin', 'revops', 'finance', 'manager', 'rep'],
  forecast: ['admin', 'revops', 'finance', 'manager', 'rep'],
  deals: ['admin', 'revops', 'finance', 'manager', 'rep'],
  compensation: ['admin', 'finance', 'manager', 'rep'],
  users: ['admin'],
};

/**
 * Sections that are one API answer and nothing else: opened from the address bar by a role the navigation leaves
 * them out for, the page asks anyway and shows the server's refusal (its 403 names the roles the call is for).
 * Any other section outside the role is said at once, before a form that could only lead to a refused call.
 */
export const ASKS_THE_SERVER: ReadonlySet<SectionId> = new Set(['users']);

export function sectionOfPath(path: string): SectionId | null {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return SECTIONS.find((section) => section.path === trimmed)?.id ?? null;
}

export interface Place {
  readonly path: string;
  readonly params: URLSearchParams;
}

const here = (): Place => ({
  path: window.location.pathname,
  params: new URLSearchParams(window.location.search),
});

/** Changes to the query string: a value sets a parameter, undefined or '' removes it. */
export type ParamChanges = Record<string, string | number | undefined>;

/** The current place, and a way to go to another (a new history entry, so Back works). */
export function usePlace(): [Place, (path: string | null, changes?: ParamChanges) => void] {
  const [place, setPlace] = useState(here);
  useEffect(() => {
    const onPop = () => setPlace(here());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = useCallback((path: string | null, changes: ParamChanges = {}) => {
    const params = new URLSearchParams(window.location.search);
    for (const [name, value] of Object.entries(changes)) {
      if (value === undefined || value === '') params.delete(name);
      else params.set(name, String(value));
    }
    const search = params.toString();
    window.history.pushState(null, '', `${path ?? window.location.pathname}${search ? `?${search}` : ''}`);
    setPlace(here());
  }, []);
  return [place, go];
}
