/**
 * The words of the demo CRM: people and company names, industries, regions and countries, competitors, lead
 * sources, loss reasons and next steps. Fictional throughout: no real company or person is named.
 * @module
 */

/** A comma-separated list of words, so long vocabularies stay compact in source. */
function words(text: string): readonly string[] {
  return text.split(',').map((word) => word.trim());
}

export const FIRST_NAMES = words(`
  Aaliyah, Adrian, Aisha, Alejandro, Amara, Anders, Ananya, Astrid, Ben, Bianca, Carlos, Chen,
  Chloe, Daniel, Dara, Diego, Elena, Emeka, Emma, Farah, Felix, Grace, Hana, Hiro, Ingrid, Isaac,
  Jamal, Jana, Javier, Jin, Julia, Kai, Kavya, Kenji, Laila, Leo, Lina, Lucas, Maya, Mateo, Mei,
  Mohammed, Nadia, Nia, Noah, Olivia, Omar, Priya, Rafael, Rosa, Ruth, Samir, Sara, Sean, Sofia,
  Tariq, Thomas, Uma, Victor, Wei, Yara, Yusuf, Zara, Zoe
`);

export const LAST_NAMES = words(`
  Abe, Adeyemi, Alvarez, Andersson, Bauer, Becker, Bianchi, Brooks, Castro, Chen, Costa, Dubois,
  Eriksen, Fischer, Garcia, Gupta, Haddad, Hansen, Ito, Jansen, Kaur, Kim, Kowalski, Larsen,
  Lopez, Mahlangu, Martin, Mendes, Meyer, Moreau, Mwangi, Nakamura, Nguyen, Novak, Okafor, Olsen,
  Patel, Perez, Petrov, Quinn, Rahman, Reyes, Rossi, Sato, Schmidt, Silva, Singh, Smith, Suzuki,
  Tan, Taylor, Torres, Varga, Walker, Wang, Weber, Wilson, Wong, Yamamoto, Yilmaz, Young, Zhang,
  Ziegler, Zimmermann
`);

export const COMPANY_STEMS = words(`
  Alder, Amberly, Apex, Arrowhead, Aster, Bayview, Beacon, Birch, Blue Harbor, Bramble, Brightwater,
  Cascade, Cedar, Clearfield, Cobalt, Coral, Crescent, Eastgate, Ember, Evergreen, Fairmont,
  Falcon, Fern, Granite, Greystone, Harbor, Highland, Iron Bay, Juniper, Keystone, Lakeside,
  Larkspur, Linden, Maple, Meridian, Northwind, Oakridge, Orchid, Pinecrest, Quarry, Redwood,
  Riverbend, Sable, Silverline, Southport, Summit, Tidewater, Westbrook
`);

export const COMPANY_TRADES = words(`
  Analytics, Bank, Biotech, Brands, Capital, Cloud, Construction, Consulting, Dental, Devices,
  Energy, Engineering, Foods, Freight, Games, Health, Hotels, Insurance, Labs, Legal, Logistics,
  Manufacturing, Media, Medical, Metals, Mobility, Motors, Networks, Outdoor, Packaging, Pharma,
  Power, Retail, Robotics, Security, Software, Systems, Telecom, Textiles, Travel
`);

/**
 * Company name endings. None is a legal form (Inc, Ltd, Co...), which a duplicate check drops from names: every
 * stem x trade x suffix name stays at least two edits from every other, so `salesops audit` finds only the
 * duplicate accounts the demo plants (test/quality/demo-names.test.ts checks this over all names).
 */
export const COMPANY_SUFFIXES = [
  'Group',
  'Holdings',
  'Partners',
  'Industries',
  'Solutions',
  'Ventures',
] as const;

/**
 * Words that tell apart the companies of later rounds of stem x trade x suffix names, e.g. "Apex Cloud Group
 * Pacific". A number ("Apex Cloud Group 2") would be one edit from its neighbours: a duplicate to any checker.
 */
export const COMPANY_ROUND_WORDS = words(`
  Pacific, Atlantic, Central, Northern, Southern, Coastal, Metro, Valley, Alpine, Prairie, Lakeshore,
  Midland, Gateway, Frontier, Heritage, Pioneer, Continental, Highlands
`);

export const INDUSTRIES = words(`
  Software, Financial Services, Healthcare, Manufacturing, Retail, Logistics, Energy, Media,
  Education, Professional Services, Telecommunications, Public Sector
`);

/** Sales regions with their share of accounts and the countries accounts there are in. */
export const REGIONS: readonly { name: string; accountShare: number; countries: readonly string[] }[] = [
  { name: 'NA-East', accountShare: 0.3, countries: ['United States', 'United States', 'Canada'] },
  { name: 'NA-West', accountShare: 0.25, countries: ['United States', 'United States', 'Canada', 'Mexico'] },
  {
    name: 'EMEA',
    accountShare: 0.3,
    countries: ['United Kingdom', 'Germany', 'France', 'Netherlands', 'Sweden', 'Spain', 'South Africa'],
  },
  {
    name: 'APAC',
    accountShare: 0.15,
    countries: ['Australia', 'Japan', 'Singapore', 'India', 'New Zealand'],
  },
];

/**
 * Named competitors: how often each shows up when a deal is competed, and how they move the win rate (below 1:
 * a strong rival we lose to more often).
 */
export const COMPETITORS: readonly { name: string; share: number; winMultiplier: number }[] = [
  { name: 'Vantage Cloud', share: 0.35, winMultiplier: 0.7 },
  { name: 'Pipewise', share: 0.3, winMultiplier: 0.9 },
  { name: 'Closely', share: 0.2, winMultiplier: 1.1 },
  { name: 'Dealstack', share: 0.15, winMultiplier: 1.3 },
];

/**
 * Products (what a deal sells), with their weights in the segment of the largest deals, the middle one and the
 * smallest (segments between these anchors take the nearest anchor's weights, by rank as in
 * segment-profiles.ts).
 */
export const PRODUCTS: readonly { name: string; weights: readonly [number, number, number] }[] = [
  { name: 'Platform Enterprise', weights: [0.55, 0.15, 0] },
  { name: 'Platform Professional', weights: [0.15, 0.5, 0.25] },
  { name: 'Platform Starter', weights: [0, 0.1, 0.5] },
  { name: 'Analytics Add-on', weights: [0.18, 0.15, 0.15] },
  { name: 'Integration Pack', weights: [0.12, 0.1, 0.1] },
];

/** Sources of new business, with the share of a new-business rep's deals from each and whether a lead precedes it. */
export const NEW_BUSINESS_SOURCES: readonly { name: string; share: number; fromLead: boolean }[] = [
  { name: 'Inbound', share: 0.32, fromLead: true },
  { name: 'SDR Outbound', share: 0.25, fromLead: true },
  { name: 'AE Outbound', share: 0.18, fromLead: false },
  { name: 'Partner', share: 0.13, fromLead: false },
  { name: 'Event', share: 0.12, fromLead: true },
];

/** The source of expansion and renewal opportunities. */
export const CUSTOMER_SOURCE = 'Existing Customer';

/** Sources of leads that never became an opportunity, beyond those of converted leads. */
export const LEAD_ONLY_SOURCES = ['Inbound', 'Webinar', 'Content Download', 'Event', 'SDR Outbound'] as const;

/** Loss reasons. Early-stage losses lean to the first group, late-stage losses to the second. */
export const EARLY_LOSS_REASONS = ['No budget', 'Product fit', 'Went dark', 'Timing'] as const;
export const LATE_LOSS_REASONS = ['Price', 'No decision', 'Timing', 'Went dark'] as const;
export const COMPETITOR_LOSS_REASON = 'Lost to competitor';

/** Next steps by how far a deal has come (fraction of the open stages). */
export const NEXT_STEPS = [
  'Book discovery call',
  'Confirm pain and budget',
  'Run product demo',
  'Send proposal',
  'Review terms with legal',
  'Get signature',
] as const;
