import { describe, expect, it } from 'vitest';
import {
  forecastCategoryTitle,
  codeSpans,
  creditsLeftOutText,
  confidenceClaim,
  confidenceReasonText,
  confidenceWord,
  currencyDigits,
  formatMetric,
  formatMinor,
  formatMoney,
  formatPercent,
  formatProbability,
  metricLabel,
  nearbyPeriods,
  pageCount,
  pageRange,
  pickerOrder,
  pipelineLeftOutText,
  repLabel,
} from './format.js';

describe('money', () => {
  it('reads minor units with the currency’s own digits, or the exponent the API gives', () => {
    expect([currencyDigits('USD'), currencyDigits('JPY'), currencyDigits('BHD')]).toEqual([2, 0, 3]);
    expect(formatMinor(20430518, 'USD', 'en-US')).toBe('$204,305.18');
    expect(formatMinor(-5, 'USD', 'en-US')).toBe('-$0.05');
    expect(formatMinor(123456, 'JPY', 'en-US')).toBe('¥123,456');
    expect(formatMinor(1234567, 'BHD', 'en-US')).toBe('BHD\u00a01,234.567');
    expect(formatMinor(380000, 'EUR', 'de-DE')).toBe('3.800,00\u00a0€');
    expect(formatMinor(20430518, 'USD', 'en-US', { exponent: 2 })).toBe('$204,305.18');
  });

  it('writes major units (metrics) in full, or compact for axes', () => {
    expect(formatMoney(463284, 'USD', 'en-US')).toBe('$463,284.00');
    expect(formatMoney(91295.1, 'USD', 'en-US')).toBe('$91,295.10');
    expect(formatMoney(463284, 'USD', 'en-US', { compact: true })).toBe('$463.3K');
    // A round amount with no trailing zero, as the reports write it.
    expect(formatMoney(980000, 'USD', 'en-US', { compact: true })).toBe('$980K');
    expect(formatMinor(100000000, 'USD', 'en-US', { compact: true })).toBe('$1M');
    expect(formatMoney(16505385.5, 'USD', 'en-US', { whole: true })).toBe('$16,505,386');
    expect(formatMinor(1650538549, 'USD', 'en-US', { whole: true })).toBe('$16,505,385');
    expect(formatMinor(1650538549, 'USD', 'en-US', { whole: true, compact: true })).toBe('$16.5M');
    expect(formatMinor(2910267900, 'USD', 'en-US', { compact: true })).toBe('$29.1M');
  });
});

describe('formatMetric', () => {
  it('writes each unit of the metric registry, and n/a for a missing value', () => {
    expect(formatMetric(0.18181818181818182, 'ratio', 'USD', 'en-US')).toBe('18.2%');
    expect(formatMetric(1.5962320318637246, 'multiple', 'USD', 'en-US')).toBe('1.60×');
    expect(formatMetric(31, 'days', 'USD', 'en-US')).toBe('31 days');
    expect(formatMetric(12.25, 'days', 'USD', 'en-US')).toBe('12.3 days');
    expect(formatMetric(1200, 'count', 'USD', 'en-US')).toBe('1,200');
    expect(formatMetric(10441, 'money', 'USD', 'en-US')).toBe('$10,441');
    expect(formatMetric(950.5, 'money_per_day', 'USD', 'en-US')).toBe('$951/day');
    expect(formatMetric(null, 'ratio', 'USD', 'en-US')).toBe('n/a');
    expect(formatMetric(undefined, 'money', 'USD', 'en-US')).toBe('n/a');
    expect(formatMetric('Enterprise', 'count', 'USD', 'en-US')).toBe('Enterprise');
    expect(formatPercent(1, 'en-US')).toBe('100.0%');
  });

  it('names the weighted pipeline by its definition, other metrics by the registry', () => {
    expect(metricLabel({ id: 'weighted_pipeline', name: 'Weighted pipeline' })).toBe(
      'Weighted (stage probabilities)',
    );
    expect(metricLabel({ id: 'quota_attainment', name: 'Attainment' })).toBe('Attainment');
  });
});

describe('paging', () => {
  it('says which deals a page shows', () => {
    expect(pageRange(1, 50, 663, 'en-US')).toBe('1–50 of 663');
    expect(pageRange(14, 50, 663, 'en-US')).toBe('651–663 of 663');
    expect(pageRange(1, 50, 0, 'en-US')).toBe('0 of 0');
    expect(pageRange(3, 500, 1200, 'en-US')).toBe('1,001–1,200 of 1,200');
    expect([pageCount(50, 663), pageCount(50, 650), pageCount(50, 0)]).toEqual([14, 13, 1]);
  });
});

describe('nearbyPeriods', () => {
  it('suggests the quarters around a quarter, across fiscal years, and its year', () => {
    expect(nearbyPeriods('FY2027-Q4')).toEqual([
      'FY2027-Q2',
      'FY2027-Q3',
      'FY2027-Q4',
      'FY2028-Q1',
      'FY2027',
    ]);
    expect(nearbyPeriods('FY2027-Q1')).toEqual([
      'FY2026-Q3',
      'FY2026-Q4',
      'FY2027-Q1',
      'FY2027-Q2',
      'FY2027',
    ]);
  });

  it('suggests a month’s neighbours and its quarter, and a year’s neighbours and quarters', () => {
    expect(nearbyPeriods('FY2027-M01')).toEqual(['FY2026-M12', 'FY2027-M01', 'FY2027-M02', 'FY2027-Q1']);
    expect(nearbyPeriods('FY2027-M12')).toEqual(['FY2027-M11', 'FY2027-M12', 'FY2028-M01', 'FY2027-Q4']);
    expect(nearbyPeriods('FY2027')).toEqual([
      'FY2026',
      'FY2027',
      'FY2028',
      'FY2027-Q1',
      'FY2027-Q2',
      'FY2027-Q3',
      'FY2027-Q4',
    ]);
  });

  it('has none for a date range or a name it does not read', () => {
    expect(nearbyPeriods('2026-07-01..2026-09-30')).toEqual([]);
    expect(nearbyPeriods('FY27-Q4')).toEqual([]);
    expect(nearbyPeriods('FY2027-Q5')).toEqual([]);
  });
});

describe('forecastCategoryTitle', () => {
  it('titles the stage model’s forecast categories as the report does, and leaves other text as it is', () => {
    expect(
      ['pipeline', 'best_case', 'commit', 'closed', 'omitted', 'upside'].map(forecastCategoryTitle),
    ).toEqual(['Pipeline', 'Best case', 'Commit', 'Closed', 'Omitted', 'upside']);
  });
});

describe('confidenceWord', () => {
  it('words each level as the Sales Forecast report does, and passes an unknown one through', () => {
    expect(['green', 'yellow', 'red', 'none'].map(confidenceWord)).toEqual([
      'High',
      'Moderate',
      'Low',
      'None claimed',
    ]);
    expect(confidenceWord('violet')).toBe('violet');
  });
});

describe('formatProbability', () => {
  it('never shows 100.0% or 0.0% for a chance that is neither', () => {
    expect(formatProbability(0.5, 'en-US')).toBe('50.0%');
    expect(formatProbability(0.9996, 'en-US')).toBe('over 99.9%');
    expect(formatProbability(0.0004, 'en-US')).toBe('under 0.1%');
    // One decimal says these without rounding to a certainty.
    expect(formatProbability(0.9994, 'en-US')).toBe('99.9%');
    expect(formatProbability(0.0006, 'en-US')).toBe('0.1%');
    expect(formatProbability(1, 'en-US')).toBe('100.0%');
    expect(formatProbability(0, 'en-US')).toBe('0.0%');
    // In the locale's own digits and signs.
    expect(formatProbability(0.9996, 'de-DE')).toBe('over 99,9\u00a0%');
  });
});

describe('confidenceClaim', () => {
  it('gives the exact probability with its level and the band that makes it, as the Sales Forecast report does', () => {
    expect(confidenceClaim({ level: 'yellow', probability: 0.7512, basis: '70-85%' }, 'en-US')).toBe(
      '75.1% likely to reach at least 90% of the forecast (Moderate: 70-85%)',
    );
  });

  it("never reads as the edge of a band it is under: the levels are 'at least', so it rounds down", () => {
    // 69.996% and 84.996% would round to 70.0% and 85.0%.
    expect(confidenceClaim({ level: 'red', probability: 0.69996, basis: 'under 70%' }, 'en-US')).toBe(
      '69.9% likely to reach at least 90% of the forecast (Low: under 70%)',
    );
    expect(confidenceClaim({ level: 'yellow', probability: 0.84996, basis: '70-85%' }, 'en-US')).toBe(
      '84.9% likely to reach at least 90% of the forecast (Moderate: 70-85%)',
    );
  });

  it('gives what else makes the level (an extrapolation), and where none is claimed, why', () => {
    const extrapolation = 'an extrapolation, with no deal of the period to forecast from';
    expect(confidenceClaim({ level: 'red', probability: 0.9, basis: extrapolation }, 'en-US')).toBe(
      '90.0% likely to reach at least 90% of the forecast (Low: an extrapolation, with no deal of the period to ' +
        'forecast from)',
    );
    // The figure above the note already says "None claimed".
    const noData = 'there is no data for this period (it ended before the data begins)';
    expect(confidenceClaim({ level: 'none', probability: null, basis: noData }, 'en-US')).toBe(noData);
  });
});

describe('confidenceReasonText', () => {
  it("writes the reasons' probabilities to one decimal, as the figures above them, and money compact", () => {
    const reach = {
      kind: 'reach',
      threshold: 123_456_789,
      probability: 0.5512,
      probabilityOfForecast: 0.4968,
      text: '55% likely to reach at least $1.2M (90% of the forecast), 50% the forecast itself',
    } as const;
    expect(confidenceReasonText(reach, 'USD', 2, 'en-US')).toBe(
      '55.1% likely to reach at least $1.2M (90% of the forecast), 49.7% the forecast itself',
    );
    // The chance of reaching 90% of the forecast rounds down, as the claim does (just under the 70% and 85% edges);
    // the chance of the forecast itself has no bands, so rounds to nearest.
    for (const [probability, down, nearest] of [
      [0.69996, '69.9%', '70.0%'],
      [0.84996, '84.9%', '85.0%'],
    ] as const) {
      expect(
        confidenceReasonText(
          { ...reach, probability, probabilityOfForecast: probability },
          'USD',
          2,
          'en-US',
        ),
      ).toBe(`${down} likely to reach at least $1.2M (90% of the forecast), ${nearest} the forecast itself`);
    }
    const quota = { kind: 'quota', probability: 0.0444, text: '4% likely to reach quota' } as const;
    expect(confidenceReasonText(quota, 'USD', 2, 'en-US')).toBe('4.4% likely to reach quota');
    const nearlySure = {
      kind: 'quota',
      probability: 0.9996,
      text: 'over 99.9% likely to reach quota',
    } as const;
    expect(confidenceReasonText(nearlySure, 'USD', 2, 'en-US')).toBe('over 99.9% likely to reach quota');
    // 90,000,000 and 160,000,000 minor units of a currency with no minor digits.
    const range = { kind: 'range', p10: 90_000_000, p90: 160_000_000, text: '' } as const;
    expect(confidenceReasonText(range, 'JPY', 0, 'en-US')).toBe(
      '80% of outcomes between P10 and P90: ¥90M to ¥160M',
    );
  });

  it('gives a risk, or a period without data or pipeline, in its own words', () => {
    const risk = 'the 3 largest deals carry 45% of the weighted pipeline';
    expect(
      confidenceReasonText({ kind: 'risk', risk: 'deal-concentration', text: risk }, 'USD', 2, 'en-US'),
    ).toBe(risk);
    const none = 'nothing was open or closed in FY2020-Q1: it ended before the data begins';
    expect(
      confidenceReasonText({ kind: 'no-data', period: 'FY2020-Q1', text: none }, 'USD', 2, 'en-US'),
    ).toBe(none);
  });
});

describe('reps in pickers', () => {
  it('names a rep with their id, or gives the id alone when the name is not known', () => {
    const names = new Map([['REP-0011', 'Samir Chen']]);
    expect(repLabel('REP-0011', names)).toBe('Samir Chen (REP-0011)');
    expect(repLabel('REP-0099', names)).toBe('REP-0099');
  });

  it('lists reps still employed first, each group by name then id', () => {
    const rep = (id: string, name: string, active: boolean) => ({ id, name, active });
    const order = pickerOrder([
      rep('REP-0003', 'Thomas Fischer', false),
      rep('REP-0011', 'Samir Chen', true),
      rep('REP-0002', 'Ana Lee', true),
      rep('REP-0001', 'Ana Lee', true),
      rep('REP-0033', 'Aaliyah Abe', false),
    ]);
    expect(order.map((each) => each.id)).toEqual([
      'REP-0001',
      'REP-0002',
      'REP-0011',
      'REP-0033',
      'REP-0003',
    ]);
  });
});

describe('codeSpans', () => {
  it('parts backticked commands from the text around them', () => {
    expect(codeSpans('Fix the findings `salesops audit` lists before the call')).toEqual([
      { text: 'Fix the findings ', code: false },
      { text: 'salesops audit', code: true },
      { text: ' lists before the call', code: false },
    ]);
    expect(codeSpans('`a` and `b`')).toEqual([
      { text: 'a', code: true },
      { text: ' and ', code: false },
      { text: 'b', code: true },
    ]);
    expect(codeSpans('a lone ` stays')).toEqual([{ text: 'a lone ` stays', code: false }]);
    expect(codeSpans('')).toEqual([]);
  });
});

describe('notes of what a metric left out', () => {
  it("says the open deals left out of the pipeline as the CLI's note does", () => {
    expect(pipelineLeftOutText({ deals: 17, amount: -36158.4 }, 'FY2027-Q4', 'USD', 'en-US')).toBe(
      'Left out: 17 open deals closing in FY2027-Q4 with a zero, negative or missing amount (-$36,158 in all), a data error, not pipeline',
    );
    expect(pipelineLeftOutText({ deals: 1, amount: 0 }, 'FY2027-Q4', 'USD', 'en-US')).toMatch(
      /^Left out: 1 open deal closing/,
    );
  });

  it('names the credits left out of won deals, three ids and how many more', () => {
    const credits = { deals: 5, amount: -1200, ids: ['O1', 'O2', 'O3', 'O4', 'O5'] };
    expect(creditsLeftOutText(credits, 'FY2026-Q3', 'USD', 'en-US')).toBe(
      'Left out: 5 deals won in FY2026-Q3 at a zero or negative amount (-$1,200 in all: O1, O2, O3 and 2 more), credits or corrections, not sales',
    );
    expect(creditsLeftOutText({ deals: 1, amount: 0, ids: ['O9'] }, 'FY2026', 'USD', 'en-US')).toBe(
      'Left out: 1 deal won in FY2026 at a zero or negative amount ($0 in all: O9), a credit or correction, not a sale',
    );
  });
});
