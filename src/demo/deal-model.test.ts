import { describe, expect, it } from 'vitest';
import {
  carriesQuota,
  COMPETED_SHARE,
  dealExpectation,
  rampVolume,
  rampWin,
  roleVolume,
  uncompetedWinMultiplier,
} from './deal-model.js';
import { segmentProfiles } from './segment-profiles.js';
import { COMPETITORS } from './vocabulary.js';

const [enterprise] = segmentProfiles(['Enterprise', 'Mid-Market', 'SMB']);

describe('ramp', () => {
  it('grows volume from 20% and win rate from 60% to full over 150 days', () => {
    expect([rampVolume(-1), rampVolume(0), rampVolume(150), rampVolume(900)]).toEqual([0, 0.2, 1, 1]);
    expect(rampVolume(75)).toBeCloseTo(0.6, 12);
    expect([rampWin(0), rampWin(75), rampWin(150)]).toEqual([0.6, 0.8, 1]);
  });
});

describe('roles', () => {
  it('gives pipeline and quotas to AEs, ISRs and AMs only', () => {
    expect(roleVolume('ae', enterprise!)).toBe(1);
    expect(roleVolume('am', enterprise!)).toBe(0.5);
    expect(roleVolume('sdr', enterprise!)).toBe(0);
    expect(['ae', 'isr', 'am', 'sdr', 'manager', 'vp'].map((role) => carriesQuota(role as 'ae'))).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('competitors', () => {
  it('leave the average win multiplier of every deal type at 1', () => {
    for (const type of ['new', 'expansion', 'renewal'] as const) {
      const competed =
        COMPETED_SHARE[type] * COMPETITORS.reduce((sum, rival) => sum + rival.share * rival.winMultiplier, 0);
      expect(competed + (1 - COMPETED_SHARE[type]) * uncompetedWinMultiplier(type)).toBeCloseTo(1, 12);
    }
  });
});

describe('dealExpectation', () => {
  it('values a new Enterprise deal at the lognormal mean less the mean discount', () => {
    // Mean of lognormal(120k, 0.8) = 120k * e^0.32; mean discount = 0.9 * (0.02 + 0.3) / 2 = 0.144.
    const expectation = dealExpectation('ae', enterprise!);
    expect(expectation.wonAmount).toBeCloseTo(120_000 * Math.exp(0.32) * (1 - 0.144), 6);
    expect(expectation.winRate).toBe(enterprise!.newWinRate);
    expect(expectation.cycleDays).toBe(120);
  });

  it('blends expansions and renewals for account managers', () => {
    // 60% expansions won at 38%, 40% renewals won at 78%.
    expect(dealExpectation('am', enterprise!).winRate).toBeCloseTo(0.6 * 0.38 + 0.4 * 0.78, 12);
  });
});
