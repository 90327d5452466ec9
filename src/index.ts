/**
 * The salesops library API: open a workspace, read its data, and (in later releases) compute metrics,
 * forecasts, plans and pay from it. The CLI is a thin layer over these functions.
 * @module
 */
export { initWorkspace, openWorkspace, WORKSPACE_FILES, type Workspace } from './workspace/workspace.js';
export { openStore, type OpenStoreOptions } from './store/open-store.js';
export type { Store, StoreStatus, WriteMeta, WriteResult } from './store/store.js';
export { generateDemo } from './demo/generate-demo.js';
export type { DemoOptions } from './demo/demo-options.js';
export {
  InputError,
  OperationError,
  SalesopsError,
  type Problem,
  type SourceLocation,
} from './domain/errors.js';
export * from './domain/entities.js';
export * from './domain/dates.js';
export * from './domain/money.js';
export { createFiscalCalendar, type FiscalCalendar, type FiscalPeriod } from './domain/fiscal-calendar.js';
export { createStageModel, DEFAULT_STAGES, type Stage, type StageModel } from './domain/stage-model.js';
export { parseWorkspaceConfig, type WorkspaceConfig } from './domain/workspace-config.js';
export { importFiles, loadMappingFile, suggestMapping } from './ingest/index.js';
export { loadOrBuildDataset } from './dataset/dataset-cache.js';
export type { Dataset } from './dataset/dataset.js';
export { evaluateMetrics, type MetricTable } from './analytics/evaluate-metrics.js';
export { METRIC_LIST, METRICS } from './analytics/metric-registry.js';
export { resolveAnalysisPeriod } from './analytics/periods.js';
export { pipelineWaterfall } from './analytics/waterfall.js';
export { stageConversion } from './analytics/conversion.js';
export { winLoss } from './analytics/winloss.js';
export { runAudit } from './quality/audit.js';
export { QUALITY_RULES } from './quality/rules.js';
export {
  buildSalesForecast,
  FORECAST_MODELS,
  type SalesForecast,
  type SalesForecastInput,
} from './forecast/sales-forecast.js';
export { backtest, type Backtest } from './forecast/backtest.js';
export {
  compileRules,
  parseAssignmentRules,
  type AssignmentPolicy,
  type AssignmentRule,
} from './planning/rules.js';
export { EMPTY_LEDGER, routeLeads, type RoutingDecision, type RoutingLedger } from './planning/routing.js';
export {
  activatePlan,
  planAssignments,
  startPlanVersion,
  territoryProblem,
  type PlanVersion,
} from './planning/plan-version.js';
export { diffPlans, type PlanDiff } from './planning/plan-diff.js';
export { buildTerritoryPlan, type TerritoryPlan } from './reports/territory-plan/model.js';
export {
  renderTerritoryPlanHtml,
  renderTerritoryPlanJson,
  renderTerritoryPlanMarkdown,
} from './reports/territory-plan/render.js';
export { parseCompPlanYaml } from './comp/plan-yaml.js';
export { runCompensation, type CompInput, type Payee } from './comp/engine.js';
export { workspaceCompInput, type PlanSource } from './comp/workspace-input.js';
export { modelPlans, parseScenarios } from './comp/modelling.js';
export type { Statement, StatementLine } from './comp/statement.js';
