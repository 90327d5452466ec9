/**
 * The default `salesops.yaml` a new workspace starts from: every section set and explained in comments, with
 * the sales process, qualification, segments and tiers of the sales-operations role (stages Qualification 10%
 * through Commit 90%, BANT, Enterprise / Mid-Market / SMB, Tier 1 Strategic / Tier 2 Target / Tier 3 Develop).
 * @module
 */

/** The commented default config for a company; it parses as is with `parseConfigYaml`. */
export function defaultConfigYaml(companyName: string): string {
  // A JSON string is a valid double-quoted YAML scalar, whatever the name holds.
  const quotedName = JSON.stringify(companyName);
  return `# salesops workspace configuration.
# Amounts are in major units of the corporate currency (50000000 means 50,000,000.00), probabilities, shares
# and rates are fractions (0.25 means 25%), dates are YYYY-MM-DD. Keys are case-sensitive; a key salesops
# does not know is an error, so a typo cannot go unnoticed.

# Company name, shown on reports.
company: ${quotedName}

# Corporate currency (ISO 4217 code). Reports, quotas, costs and account revenue are in it.
currency: USD

# Dated FX rates, as in Salesforce's advanced currency management: rate is how many units of the currency
# 1 USD buys, valid from its "from" date until the next rate of the same currency starts. A conversion uses
# the rate in force on the date it is made for. Write rates in quotes so they stay exact decimals.
# These rates are examples: replace them with your finance team's.
fx:
  - currency: EUR
    from: 2020-01-01
    rate: "0.92"
  - currency: EUR
    from: 2026-01-01
    rate: "0.86"
  - currency: GBP
    from: 2020-01-01
    rate: "0.79"

# Fiscal year: the calendar month it starts in (1 = January) and how it is named. namedBy: end names it by
# the calendar year it ends in, as Salesforce's "ending month" option: here FY2027 runs from 2026-02-01 to
# 2027-01-31 (namedBy: start would call the same year FY2026). Periods are written FY2027, FY2027-Q1 (three
# months each, from the start of the fiscal year) and FY2027-M01 (M01 is the fiscal year's first month).
fiscalYear:
  startMonth: 2
  namedBy: end

# Stage model, in process order (a move to an earlier open stage counts as a backward move).
#   probability: default chance of closing won, a fraction from 0 to 1
#   forecastCategory: pipeline, best_case, commit, closed or omitted (reps can override it per deal)
#   outcome: open, won or lost. Won stages have probability 1 and category closed; lost stages 0, omitted.
# Stage names coming from CRM exports are matched to these ignoring case.
stages:
  - name: Qualification
    probability: 0.1
    forecastCategory: pipeline
    outcome: open
  - name: Discovery
    probability: 0.2
    forecastCategory: pipeline
    outcome: open
  - name: Proposal
    probability: 0.5
    forecastCategory: best_case
    outcome: open
  - name: Negotiation
    probability: 0.8
    forecastCategory: best_case
    outcome: open
  - name: Commit
    probability: 0.9
    forecastCategory: commit
    outcome: open
  - name: Closed Won
    probability: 1
    forecastCategory: closed
    outcome: won
  - name: Closed Lost
    probability: 0
    forecastCategory: omitted
    outcome: lost

# Lead qualification by BANT (Budget, Authority, Need, Timeline): each element a deal must have confirmed
# from a stage on. A deal in or past requiredFromStage without it does not meet the qualification standard.
qualification:
  - field: budget
    label: Budget
    requiredFromStage: Discovery
  - field: authority
    label: Authority
    requiredFromStage: Proposal
  - field: need
    label: Need
    requiredFromStage: Discovery
  - field: timeline
    label: Timeline
    requiredFromStage: Proposal

# Segments: rules tried in order, the first whose conditions all hold wins. Conditions (all optional, at
# least one per rule): employees { min, max } and annualRevenue { min, max } in USD, both inclusive, and
# regions, a list of region names. Accounts that match no rule (say, with no employee count) go to fallback.
# Leave this section out to keep the segments your CRM gives.
segments:
  rules:
    - name: Enterprise
      employees: { min: 1000 }
    - name: Mid-Market
      employees: { min: 100, max: 999 }
    - name: SMB
      employees: { max: 99 }
  fallback: SMB

# Account tiers, from the top. Every tier but the last has one rule, of the same kind for all:
#   share: the fraction of accounts, ranked by potential, it takes from those not in a tier above
#   minPotential: the accounts whose potential (USD) is at least this
# The last tier takes the remaining accounts. strategy says how the tier is covered.
# Leave this section out to keep the tiers your CRM gives.
tiers:
  - name: Tier 1
    label: Strategic
    share: 0.1
    strategy: High-touch, AM assigned
  - name: Tier 2
    label: Target
    share: 0.3
    strategy: Inside sales, regular outreach
  - name: Tier 3
    label: Develop
    strategy: Low-touch, digital nurture

# Customer lifetime value, for the ltv and ltv_to_cac metrics: LTV = annual revenue per customer x
# grossMargin x lifetime in years (lifetimeYears, or 1 / annualChurn). Revenue per customer is measured as the
# mean first deal of the period's new customers, unless revenuePerCustomer (USD a year) is given. These
# depend on your business, so the section starts commented out: uncomment it and set your own figures.
# ltv:
#   grossMargin: 0.8        # share of revenue kept after the cost of serving it
#   annualChurn: 0.15       # share of customers lost a year; or lifetimeYears: 6
#   revenuePerCustomer: 40000

# Territory, quota and capacity planning (salesops plan ...). Every key has a default; these are they,
# except potential's formula, coverage and capacity.rampedQuota, which depend on your business.
planning:
  # Account potential (annual ARR the account could buy): the CRM's imported figure, a formula
  # (employees x seatsPerEmployee x pricePerSeat, USD a year), or the imported figure where there is one and
  # the formula elsewhere (imported-else-formula).
  potential:
    source: imported-else-formula
    seatsPerEmployee: 0.1
    pricePerSeat: 1200
  # Coverage model: one rep of role per accountsPerRep accounts of the tier, plus overflowReps on top
  # (a tier covered digitally gives only overflowReps). Roles are those of your rep file (ae, am, isr ...).
  coverage:
    - tier: Tier 1
      role: am
      accountsPerRep: 25
    - tier: Tier 2
      role: isr
      accountsPerRep: 50
    - tier: Tier 3
      role: isr
      overflowReps: 1
  # Capacity: ramped-rep equivalents = revenue target / (rampedQuota x expectedAttainment). rampProfile is
  # a new rep's productivity in months 1, 2, 3 ... of tenure (full from then on). annualAttrition is the
  # share of reps leaving a year; a leaver's backfill starts backfillLagMonths later; a new requisition
  # takes hiringLeadTimeMonths to fill. Scenarios change attainment and attrition.
  capacity:
    # rampedQuota: 1000000    # annual quota of a ramped rep (USD); or plan capacity --quota
    expectedAttainment: 0.85
    rampProfile: [ 0.25, 0.5, 0.75 ]
    annualAttrition: 0.2
    backfillLagMonths: 2
    hiringLeadTimeMonths: 3
    quotaRoles: [ ae, am, isr ]
    scenarios:
      best: { expectedAttainment: 0.95, annualAttrition: 0.12 }
      worst: { expectedAttainment: 0.7, annualAttrition: 0.3 }
  # Quotas sum to target x (1 + overAssignment). method: even, prior-year, trailing-12 or potential (a
  # top-down split by that basis), bottom-up (territory potential x expectedPenetration, with the trailing
  # 12 months where known), or blend (blendTopDownWeight of top-down by topDownBasis, the rest bottom-up).
  # seasonality: each fiscal quarter's share of the year. A rep whose quota / potential is more than
  # fairnessTolerance from the median is flagged.
  quotas:
    overAssignment: 0.1
    method: blend
    topDownBasis: potential
    blendTopDownWeight: 0.5
    expectedPenetration: 0.1
    seasonality: [ 0.25, 0.25, 0.25, 0.25 ]
    fairnessTolerance: 0.2
  # Territories: each rep's potential and workload within these fractions of its share. workloadByTier
  # weighs accounts (unlisted tiers 1), capacityByRole sizes books (unlisted roles 1). Existing customers
  # keep their rep unless allowCustomerMoves is true; add maxAccountsPerRep: 500 to cap books.
  territories:
    potentialTolerance: 0.01
    workloadTolerance: 0.1
    workloadByTier: { Tier 1: 3, Tier 2: 2, Tier 3: 1 }
    capacityByRole: {}
    allowCustomerMoves: false

# Database: salesops keeps its data in an embedded SQLite file in the workspace, or in PostgreSQL when the
# DATABASE_URL environment variable is set; there its tables live in this schema.
database:
  postgresSchema: salesops
`;
}
