import { describe, expect, it } from 'vitest';
import { createStageModel, DEFAULT_STAGES } from '../../domain/stage-model.js';
import { createStageResolver, outcomeOf } from './stage-resolver.js';

const model = createStageModel(DEFAULT_STAGES);
const stageOf = (resolution: ReturnType<ReturnType<typeof createStageResolver>>) =>
  resolution.ok ? [resolution.stage.name, resolution.byOutcome ?? null] : resolution.message;

describe('createStageResolver', () => {
  const resolve = createStageResolver(model, {
    valueMap: { 'proposal/price quote': 'Proposal', won: 'Closed Won' },
  });

  it('matches workspace stages ignoring case and spacing, and maps CRM names through the value map', () => {
    expect(stageOf(resolve(' closed  won ', null))).toEqual(['Closed Won', null]);
    expect(stageOf(resolve('Proposal/Price Quote', 'open'))).toEqual(['Proposal', null]);
    expect(stageOf(resolve('WON', 'won'))).toEqual(['Closed Won', null]);
  });

  it("places a closed deal whose stage name is unknown in the first won or lost stage, by the CRM's flags", () => {
    expect(stageOf(resolve('Closed - Signed', 'won'))).toEqual(['Closed Won', 'Closed - Signed']);
    expect(stageOf(resolve('Dead', 'lost'))).toEqual(['Closed Lost', 'Dead']);
    expect(stageOf(resolve(null, 'won'))).toEqual(['Closed Won', '']);
  });

  it('refuses an open deal in an unknown stage with the fix, and a stage that contradicts the flags', () => {
    const unknown = resolve('Needs Analysis', 'open');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) {
      expect(unknown.unknownName).toBe('Needs Analysis');
      expect(unknown.fix).toBe(
        'map "Needs Analysis" to one of the workspace\'s stages (Qualification, Discovery, Proposal, Negotiation,' +
          ' Commit, Closed Won, Closed Lost) under values: stage: in a mapping file, or add it to the stages in' +
          ' salesops.yaml',
      );
    }
    expect(stageOf(resolve('Closed Won', 'open'))).toBe(
      'stage "Closed Won" is a won stage (Closed Won) in this workspace, but the CRM says the deal is open',
    );
    expect(stageOf(resolve(null, null))).toBe('the stage is empty');
  });

  it('lets a won or lost status decide the stage when asked (Pipedrive)', () => {
    const pipedrive = createStageResolver(model, { outcomeOverridesStage: true });
    expect(stageOf(pipedrive('Negotiation', 'won'))).toEqual(['Closed Won', 'Negotiation']);
    expect(stageOf(pipedrive('Negotiation', 'open'))).toEqual(['Negotiation', null]);
  });
});

describe('outcomeOf', () => {
  it('reads the outcome from a status, else from IsWon and IsClosed', () => {
    expect(outcomeOf('lost', true, true)).toBe('lost');
    expect(outcomeOf(null, true, true)).toBe('won');
    expect(outcomeOf(null, true, false)).toBe('lost');
    expect(outcomeOf(null, false, false)).toBe('open');
    expect(outcomeOf(null, true, null)).toBeNull();
    expect(outcomeOf(null, null, false)).toBeNull();
  });
});
