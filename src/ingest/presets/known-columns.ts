/**
 * Reasons presets give for the CRM columns they recognise and do not import, shared so that every preset says
 * the same thing about the same kind of column.
 * @module
 */
export const NOT_IMPORTED = {
  probability:
    "salesops uses the stage's default probability and keeps forecast layers apart; a CRM's per-deal probability is not imported",
  // Said of one column or of several together (the import's summary groups the columns of a reason).
  derived: 'derived by the CRM from other columns',
  bookkeeping: 'CRM bookkeeping: who changed what when, not sales data',
  fiscal: 'fiscal periods come from fiscalYear in salesops.yaml',
  notModelled: 'salesops keeps no such field; map a column in a mapping file if a field fits',
  contact: 'contact details are not kept',
  address: 'addresses are not kept; the country is',
} as const;
