import { beforeAll, describe, expect, it } from 'vitest';
import { namedDataset, rowsBy, totalRow } from '../../test/analytics/named-dataset.js';
import type { Dataset } from '../dataset/dataset.js';

let dataset: Dataset;
beforeAll(async () => {
  dataset = await namedDataset();
});

describe('activity metrics, FY2026-Q3 as of 2026-09-15', () => {
  // Q3 up to 09-15 has 55 weekdays (2026-07-01 is a Wednesday; 77 days = 11 weeks). Cid left on 08-10: 29.
  it('calls_per_day divides calls by the weekdays of the reps who logged activities', () => {
    expect(totalRow(dataset, ['calls_per_day']).calls_per_day).toBe(4 / (55 + 29 + 55));
    const byOwner = rowsBy(dataset, ['calls_per_day'], 'owner');
    expect(byOwner).toEqual({
      Ann: { owner: 'Ann', calls_per_day: 2 / 55 },
      Cid: { owner: 'Cid', calls_per_day: 1 / 29 },
      Sam: { owner: 'Sam', calls_per_day: 1 / 55 },
    });
  });

  it('counts meetings (and demos) and emails logged in the period; the June call is outside it', () => {
    expect(totalRow(dataset, ['meetings_booked', 'emails_sent', 'activities_per_rep'])).toEqual({
      meetings_booked: 1,
      emails_sent: 1,
      activities_per_rep: 6 / 3,
    });
  });

  it('activities_per_opportunity: touchpoints on the 5 deals closed in the period / 5', () => {
    expect(totalRow(dataset, ['activities_per_opportunity']).activities_per_opportunity).toBe(1);
    expect(rowsBy(dataset, ['activities_per_opportunity'], 'owner')).toMatchObject({
      Ann: { activities_per_opportunity: 2 }, // 4 on O1 and O2
      Ben: { activities_per_opportunity: 0 },
      Cid: { activities_per_opportunity: 0.5 },
    });
  });

  it('rolls activity up to managers', () => {
    expect(rowsBy(dataset, ['emails_sent', 'activities_per_rep'], 'manager')).toMatchObject({
      Mia: { emails_sent: 1, activities_per_rep: 4 },
      Max: { emails_sent: 0, activities_per_rep: 1 },
      Vera: { emails_sent: 1, activities_per_rep: 2 },
    });
  });
});
