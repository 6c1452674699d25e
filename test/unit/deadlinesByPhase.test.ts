import { deadlinesByPhase } from '../../domain/template';
import { ONE_MINUTE_CAMPAIGN } from '../support/campaigns';

describe('deadlinesByPhase: a due value for every deliverable from one per phase', () => {
  test('the one-minute campaign keeps the instants written by hand before it was derived', () => {
    expect(ONE_MINUTE_CAMPAIGN.deadlines).toEqual({ D1: 10, D2: 10, D3: 12, D4: 28, D5: 28, D6: 30, D7: 38, D8: 40 });
  });

  test('a phase without a value is named, not left undefined', () => {
    expect(() => deadlinesByPhase({ deployment: 1 })).toThrow(/no deadline for D4 \(phase self_inspection\)/);
  });
});
