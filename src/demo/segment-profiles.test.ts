import { describe, expect, it } from 'vitest';
import { segmentProfiles } from './segment-profiles.js';

describe('segmentProfiles', () => {
  it('uses the calibrated anchors for three segments, with contiguous employee bands', () => {
    const [enterprise, midMarket, smb] = segmentProfiles(['Enterprise', 'Mid-Market', 'SMB']);
    expect([enterprise!.medianDeal, midMarket!.medianDeal, smb!.medianDeal]).toEqual([
      120_000, 30_000, 8_000,
    ]);
    expect([enterprise!.medianCycle, midMarket!.medianCycle, smb!.medianCycle]).toEqual([120, 60, 30]);
    expect([enterprise!.minEmployees, enterprise!.maxEmployees]).toEqual([1000, 250_000]);
    expect([midMarket!.minEmployees, midMarket!.maxEmployees]).toEqual([100, 999]);
    expect([smb!.minEmployees, smb!.maxEmployees]).toEqual([5, 99]);
  });

  it('places other counts between the anchors on a log scale', () => {
    const [only] = segmentProfiles(['All']);
    expect(only!.medianDeal).toBeCloseTo(30_000, 6);
    expect([only!.minEmployees, only!.maxEmployees]).toEqual([5, 250_000]);
    const four = segmentProfiles(['A', 'B', 'C', 'D']);
    // Rank 1/3 lies two thirds of the way from 120k to 30k on a log scale: 120k * (1/4)^(2/3).
    expect(four[1]!.medianDeal).toBeCloseTo(120_000 * 0.25 ** (2 / 3), 6);
    expect(four.map((profile) => profile.medianDeal)).toEqual(
      [...four.map((profile) => profile.medianDeal)].sort((a, b) => b - a),
    );
  });
});
