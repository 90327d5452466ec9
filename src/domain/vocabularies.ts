/**
 * The fixed values of the entities' enumerated fields (roles, forecast categories, deal types, ...), apart from
 * their zod schemas (./entities.ts, which re-exports them): the import's part threads read these, and loading zod
 * there would lengthen every thread's start (about 100 ms of a history part's, on its critical path).
 * @module
 */

export const REP_ROLES = ['vp', 'manager', 'ae', 'am', 'isr', 'sdr', 'se', 'other'] as const;
export type RepRole = (typeof REP_ROLES)[number];

export const FORECAST_CATEGORIES = ['pipeline', 'best_case', 'commit', 'closed', 'omitted'] as const;
export type ForecastCategory = (typeof FORECAST_CATEGORIES)[number];

export const OPPORTUNITY_TYPES = ['new', 'expansion', 'renewal'] as const;
export type OpportunityType = (typeof OPPORTUNITY_TYPES)[number];

export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'demo', 'task'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const LEAD_STATUSES = ['new', 'mql', 'sql', 'converted', 'disqualified'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const COST_CATEGORIES = ['sales', 'marketing'] as const;
