/**
 * Pipedrive: the deals and organizations exports, whose headers are prefixed by their object (`Deal - Title`,
 * `Organization - Name`). A deal's status (open, won, lost) decides its stage when it is won or lost, since
 * Pipedrive leaves closed deals in the pipeline stage they closed from; their close date is the won or lost time.
 * @module
 */
import { NOT_IMPORTED } from './known-columns.js';
import type { Preset, PresetShape } from './preset.js';

const deals: PresetShape = {
  entity: 'opportunities',
  description: 'deals export',
  signature: { all: ['Deal - Title'] },
  columns: [
    [['Deal - ID'], 'id'],
    [['Deal - Title'], 'name'],
    [['Organization - ID', 'Deal - Organization ID'], 'accountId'],
    [['Deal - Organization'], 'accountName'],
    [['Deal - Owner'], 'ownerName'],
    [['Deal - Stage'], 'stage'],
    [['Deal - Status'], 'status'],
    [['Deal - Value'], 'amount'],
    [['Deal - Currency'], 'currency'],
    [['Deal - Expected close date'], 'closeDate'],
    [['Deal - Won time'], 'wonDate'],
    [['Deal - Lost time'], 'lostDate'],
    [['Deal - Deal created'], 'createdDate'],
    [['Deal - Lost reason'], 'lossReason'],
    [['Deal - Source origin', 'Deal - Source'], 'source'],
    [['Deal - Product', 'Deal - Product name'], 'product'],
  ],
  known: [
    [
      ['Deal - Pipeline'],
      "a workspace has one stage model: map every pipeline's stages onto it (values: stage:), or export one pipeline",
    ],
    [['Deal - Probability'], NOT_IMPORTED.probability],
    [
      ['Deal - Weighted value', 'Deal - Activities', 'Deal - Done activities', 'Deal - Email messages count'],
      NOT_IMPORTED.derived,
    ],
    [
      [
        'Deal - Update time',
        'Deal - Last activity date',
        'Deal - Next activity date',
        'Deal - Stage change time',
        'Deal - Creator',
      ],
      NOT_IMPORTED.bookkeeping,
    ],
    [
      ['Deal - Contact person', 'Deal - Label', 'Deal - Visible to', 'Deal - Close time'],
      NOT_IMPORTED.notModelled,
    ],
  ],
  options: { statusOverridesStage: true },
};

const organizations: PresetShape = {
  entity: 'accounts',
  description: 'organizations export',
  signature: { all: ['Organization - Name'], none: ['Deal - Title'] },
  columns: [
    [['Organization - ID'], 'id'],
    [['Organization - Name'], 'name'],
    [['Organization - Industry'], 'industry'],
    [['Organization - Number of employees'], 'employees'],
    [['Organization - Annual revenue'], 'annualRevenue'],
    [['Organization - Address - Country', 'Organization - Country'], 'country'],
    [['Organization - Owner'], 'ownerName'],
    [['Organization - Organization created'], 'createdDate'],
  ],
  known: [
    [['Organization - Address'], NOT_IMPORTED.address],
    [
      [
        'Organization - People',
        'Organization - Open deals',
        'Organization - Won deals',
        'Organization - Closed deals',
      ],
      NOT_IMPORTED.derived,
    ],
    [
      [
        'Organization - Update time',
        'Organization - Last activity date',
        'Organization - Next activity date',
      ],
      NOT_IMPORTED.bookkeeping,
    ],
    [['Organization - Label', 'Organization - Visible to'], NOT_IMPORTED.notModelled],
  ],
};

export const PIPEDRIVE_PRESET: Preset = {
  name: 'pipedrive',
  label: 'Pipedrive',
  shapes: [deals, organizations],
};
