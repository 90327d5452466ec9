/**
 * A Salesforce org as Data Loader exports it, for the tests that write one and the import bench (bench/import.ts):
 * how a cell is quoted, ids of the Salesforce form, the columns of the Opportunity and OpportunityHistory files,
 * and an org of one rep and one account. Nothing here imports: the bench runs it outside the tests.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A CSV line of `cells`, each quoted as Data Loader quotes every cell (a quote inside doubled). */
export const q = (cells: readonly (string | number)[]): string =>
  cells.map((cell) => `"${String(cell).replaceAll('"', '""')}"`).join(',');

/** The 18-character id of opportunity `n` (up to 9,999). */
export const oppId = (n: number): string => `0065e000000${String(n).padStart(4, '0')}AAA`;

/** The columns of Opportunity.csv (LastModifiedDate, a bookkeeping column, is not imported). */
export const OPPORTUNITY_COLUMNS = [
  'Id',
  'IsDeleted',
  'AccountId',
  'Name',
  'StageName',
  'Amount',
  'Probability',
  'CloseDate',
  'Type',
  'NextStep',
  'LeadSource',
  'IsClosed',
  'IsWon',
  'ForecastCategoryName',
  'CurrencyIsoCode',
  'OwnerId',
  'CreatedDate',
  'LastModifiedDate',
] as const;

/** The columns of OpportunityHistory.csv. */
export const HISTORY_COLUMNS = [
  'Id',
  'OpportunityId',
  'CreatedById',
  'CreatedDate',
  'StageName',
  'Amount',
  'CloseDate',
  'Probability',
  'ForecastCategory',
  'IsDeleted',
] as const;

/** The one rep of {@link writeOneRepOrg}: Ada Rep, active. */
export const OWNER = '0055e0000000001AAA';
/** The one account of {@link writeOneRepOrg}: Acme, owned by {@link OWNER}. */
export const ACCOUNT = '0015e0000000001AAA';

/** Writes User.csv and Account.csv of an org of one rep and one account into `dir`: their paths. */
export function writeOneRepOrg(dir: string): string[] {
  const users = join(dir, 'User.csv');
  const accounts = join(dir, 'Account.csv');
  writeFileSync(
    users,
    `${q(['Id', 'Name', 'Email', 'IsActive'])}\n${q([OWNER, 'Ada Rep', 'ada@example.com', 'true'])}\n`,
  );
  writeFileSync(
    accounts,
    `${q(['Id', 'Name', 'Industry', 'BillingCountry', 'OwnerId'])}\n${q([ACCOUNT, 'Acme', 'Retail', 'France', OWNER])}\n`,
  );
  return [users, accounts];
}
