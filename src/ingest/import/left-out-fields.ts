/**
 * Which fields of its records a file leaves out: those no column and no constant of its mapping gives. A stored
 * record that a file updates keeps its values of them (an export without a Lead Source column does not erase
 * the stored lead sources), while a column that is present with an empty cell writes an empty value.
 * @module
 */
import type { KeepableField, PartialList } from '../../store/write-batch.js';
import type { ImportEntity } from '../model/import-fields.js';
import type { CompiledMapping } from './compiled-mapping.js';

/** For each field of a record a file may leave out, the import fields that give it (any one is enough). */
const GIVEN_BY: { readonly [List in PartialList]: Readonly<Record<KeepableField<List>, readonly string[]>> } =
  {
    reps: {
      email: ['email'],
      role: ['role', 'roleId', 'title'],
      managerId: ['managerId', 'managerName'],
      team: ['team'],
      segment: ['segment'],
      region: ['region'],
      hireDate: ['hireDate'],
      endDate: ['endDate'],
    },
    accounts: {
      industry: ['industry'],
      employees: ['employees'],
      annualRevenue: ['annualRevenue'],
      region: ['region'],
      country: ['country'],
      segment: ['segment'],
      tier: ['tier'],
      potential: ['potential'],
      ownerId: ['ownerId', 'ownerName'],
      // No import gives territories: they are assigned in salesops.
      territoryId: [],
      parentId: ['parentId', 'parentName'],
      createdDate: ['createdDate'],
    },
    opportunities: {
      accountId: ['accountId', 'accountName'],
      type: ['type'],
      source: ['source'],
      listAmount: ['listAmount', 'product'],
      competitor: ['competitor'],
      lossReason: ['lossReason'],
      nextStep: ['nextStep'],
      product: ['product'],
      'qualification.budget': ['budget'],
      'qualification.authority': ['authority'],
      'qualification.need': ['need'],
      'qualification.timeline': ['timeline'],
    },
    activities: {
      opportunityId: ['opportunityId', 'relatedId'],
      accountId: ['accountId', 'relatedId'],
      leadId: ['leadId', 'personId'],
    },
    leads: {
      source: ['source'],
      mqlDate: ['mqlDate'],
      sqlDate: ['sqlDate'],
      convertedDate: ['convertedDate'],
      convertedOpportunityId: ['convertedOpportunityId'],
      convertedAccountId: ['convertedAccountId'],
      ownerId: ['ownerId', 'ownerName'],
      segment: ['segment'],
      region: ['region'],
    },
  };

function isPartialList(entity: ImportEntity): entity is PartialList {
  return Object.hasOwn(GIVEN_BY, entity);
}

/**
 * The fields the records of a file leave out (in a fixed order, so that files leaving out the same fields give
 * equal lists), or undefined when it gives them all or its entity is written whole.
 */
export function leftOutFields(compiled: CompiledMapping): readonly string[] | undefined {
  const { entity } = compiled;
  if (!isPartialList(entity)) return undefined;
  const given = new Set([...compiled.columns.map((column) => column.field), ...compiled.constants.keys()]);
  const fields = Object.entries(GIVEN_BY[entity])
    .filter(([, sources]) => !sources.some((source) => given.has(source)))
    .map(([field]) => field);
  return fields.length > 0 ? fields : undefined;
}
