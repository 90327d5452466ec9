/**
 * The parts of the API's answers that the dashboard reads. The full shapes are the server's zod schemas
 * (src/server/responses.ts, published as GET /api/openapi.json); these are written out rather than imported so
 * that web/ depends on the HTTP contract only, and test/browser/dashboard.test.ts checks the pages against the
 * real answers.
 * @module
 */

export type Role = 'admin' | 'revops' | 'finance' | 'manager' | 'rep';

export interface Me {
  readonly login: string;
  readonly role: Role;
  readonly rep: string | null;
  readonly reps: 'all' | readonly string[];
}

/** A rep of the user's scope (GET /api/reps). */
export interface Rep {
  readonly id: string;
  readonly name: string;
  readonly role: string | null;
  readonly team: string | null;
  readonly segment: string | null;
  readonly managerId: string | null;
  /** Employed on the as-of day. */
  readonly active: boolean;
}

export interface MetricInfo {
  readonly id: string;
  readonly name: string;
  readonly definition: string;
  readonly unit: string;
  readonly benchmark: string | null;
}

export interface MetricsAnswer {
  readonly asOf: string;
  readonly period: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly currency: string;
  readonly dimensions: readonly string[];
  readonly metrics: readonly MetricInfo[];
  readonly rows: readonly Record<string, string | number | null>[];
  /** Open deals the open-pipeline metrics left out for a zero, negative or missing amount; null when none. */
  readonly leftOut: {
    readonly deals: number;
    readonly amount: number;
    readonly reason: string;
    readonly metrics: readonly string[];
  } | null;
  /** Deals won at a zero or negative amount (credits) the win rates and average deal left out; null when none. */
  readonly creditsLeftOut: {
    readonly deals: number;
    readonly amount: number;
    readonly reason: string;
    readonly ids: readonly string[];
    readonly metrics: readonly string[];
  } | null;
}

export interface Opportunity {
  readonly id: string;
  readonly name: string;
  readonly account: string | null;
  readonly owner: string | null;
  readonly ownerName: string | null;
  readonly stage: string | null;
  readonly forecastCategory: string | null;
  readonly amountMinor: number | null;
  readonly currency: string | null;
  readonly createdDate: string | null;
  readonly closeDate: string | null;
  /** An open deal whose close date is before the page's `asOf`. */
  readonly overdue: boolean;
}

export interface OpportunityPage {
  /** The server's day. */
  readonly asOf: string;
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly items: readonly Opportunity[];
}

export interface DealRef {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  readonly stage: string;
  readonly amount: number;
  readonly closeDate: string | null;
  readonly probability: number;
}

export type ForecastSplit = 'owner' | 'manager' | 'segment';

/**
 * A reason behind the forecast's confidence: its kind and figures (money in minor units, probabilities as
 * fractions), and `text`, the reports' sentence of them.
 */
export type ConfidenceReason = { readonly text: string } & (
  | { readonly kind: 'no-data' | 'extrapolation'; readonly period: string }
  | { readonly kind: 'risk'; readonly risk: string }
  | {
      readonly kind: 'reach';
      /** 90% of the forecast. */
      readonly threshold: number;
      /** Of reaching at least `threshold`: the confidence's probability. */
      readonly probability: number;
      readonly probabilityOfForecast: number;
    }
  | { readonly kind: 'quota'; readonly probability: number }
  | { readonly kind: 'range'; readonly p10: number; readonly p90: number }
);

export interface Forecast {
  readonly currencyExponent: number;
  readonly period: { readonly name: string; readonly start: string; readonly end: string };
  readonly asOf: string;
  readonly currency: string;
  readonly model: { readonly id: string; readonly name: string; readonly reason: string };
  readonly executiveSummary: {
    readonly quota: number | null;
    readonly forecast: number;
    readonly percentOfQuota: number | null;
    readonly confidence: string;
  };
  readonly closedThisPeriod: number;
  readonly totalForecast: {
    readonly weightedPipeline: number;
    readonly closed: number;
    readonly newPipeline: number;
    readonly adjustments: number;
    /** Stored adjustments the chosen model leaves out of its total, with their net effect. */
    readonly adjustmentsNotIncluded: {
      readonly count: number;
      readonly commit: number;
      readonly bestCase: number;
    } | null;
    readonly total: number;
  };
  readonly byGroup: {
    readonly by: ForecastSplit;
    readonly rows: readonly {
      readonly group: string;
      readonly id: string | null;
      readonly quota: number | null;
      readonly closed: number;
      readonly pipelineWeighted: number;
      readonly forecast: number;
      readonly attainment: number | null;
      readonly risk: 'low' | 'medium' | 'high' | null;
    }[];
    readonly atRisk: readonly string[];
  };
  readonly risks: readonly {
    readonly kind: string;
    readonly risk: string;
    /** The reps or segments it names, with (forecast - quota) / quota. */
    readonly groups: readonly { readonly name: string; readonly variancePercent: number }[];
    readonly impact: number;
    readonly mitigation: string;
    readonly deals: readonly DealRef[];
  }[];
  readonly confidence: {
    readonly level: string;
    readonly probability: number | null;
    /** What makes the level, after its word: its probability's band ("70-85%"), or what else does. */
    readonly basis: string;
    readonly reasons: readonly ConfidenceReason[];
  };
  readonly distribution: {
    readonly mean: number;
    readonly p10: number;
    readonly p50: number;
    readonly p90: number;
    readonly probabilityOfQuota: number | null;
    readonly probabilityOfForecast: number;
  };
  readonly notes: readonly { readonly kind: string; readonly message: string; readonly fix: string | null }[];
}

/** GET /api/comp/runs: the periods with a stored comp run, in fiscal order, the latest last. */
export interface CompRuns {
  readonly periods: readonly string[];
}

export interface Statement {
  readonly period: string;
  readonly asOf: string;
  readonly closed: { readonly at: string; readonly by: string } | null;
  readonly payee: {
    readonly id: string;
    readonly name: string;
    readonly role: string;
    readonly plan: string;
  };
  readonly timing: string | null;
  readonly statement: {
    readonly currency: string;
    readonly lines: readonly {
      readonly kind: string;
      readonly measure: string | null;
      readonly amount: number;
      readonly trace: Record<string, unknown>;
    }[];
    readonly attainment: readonly {
      readonly measure: string;
      readonly metric: string;
      readonly volume: number;
      readonly quota: number;
    }[];
    readonly total: number;
    readonly drawBalance: number;
    readonly rounding: string;
  };
}

export type AdjustableCategory = 'commit' | 'best_case' | 'pipeline';

export interface Adjustment {
  readonly layer: 'owner' | 'manager';
  /** The manager whose layer it is (manager layer). */
  readonly by?: string;
  readonly rep: string;
  readonly period: string;
  readonly category: AdjustableCategory;
  /** Minor units of the corporate currency. */
  readonly amount: number;
  readonly note: string;
  readonly madeOn: string;
  readonly madeBy: string;
}

/** A stored adjustment as GET /api/forecast/adjustments lists it. */
export interface ListedAdjustment extends Adjustment {
  /** The name of `by`, the manager (null for an owner layer). */
  readonly byName: string | null;
}

export interface Adjustments {
  readonly period: string;
  readonly revision: number;
  readonly adjustments: readonly ListedAdjustment[];
}

export interface AdjustmentSaved {
  readonly adjustment: Adjustment;
  readonly revision: number;
}

/** An API user (GET /api/users, admin only): never their token. */
export interface ApiUser {
  readonly login: string;
  readonly role: Role;
  /** The CRM id of the rep the user is (managers and reps). */
  readonly rep: string | null;
  readonly createdOn: string;
  readonly createdBy: string;
  readonly revokedOn: string | null;
  /** The first day the token is refused; null: it does not expire. */
  readonly expiresOn: string | null;
}

/** A user just added (POST /api/users): their bearer token is in this answer only. */
export interface UserAdded {
  readonly user: ApiUser;
  readonly token: string;
  /** What may be a slip (a manager who manages nobody, a rep who has left); empty when none. */
  readonly warnings: readonly string[];
}
