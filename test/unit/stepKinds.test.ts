import { PolicySchema } from '../../domain/campaign';
import { DEFAULT_POLICY } from '../../domain/template';
import { describeStep } from '../../domain/notifications/templates';
import { STEP_KINDS, audienceOf, ladderSubjectOf, stepKindOf } from '../../domain/stepKinds';

// Expected values from SPEC §8 (who hears of each step, which are numbered documents) and the wording.
describe('the step-kind table', () => {
  test.each([
    ['reminder', 'P3D', 'deliverable', ['agency_contact']],
    ['reminder', 'P3D', 'complaint', ['investigating_bureau']],
    ['escalation', 'overdue', 'item', ['agency_head', 'supervising_bureau']],
    ['escalation', 'supervision_notice', 'deliverable', ['agency_head', 'supervising_bureau']],
    ['escalation', 'listed_supervision', 'item', ['agency_head', 'supervising_bureau', 'government']],
    ['escalation', 'discipline_referral', 'complaint', ['discipline_commission', 'supervising_bureau']],
  ] as const)('%s %s on a %s is told to %j', (type, step, subject, audience) => {
    expect(audienceOf({ type, step }, subject)).toEqual(audience);
  });

  test('the supervision notice, listed supervision and referral each issue their numbered document', () => {
    expect(STEP_KINDS.supervision_notice.document).toBe('supervision_notice');
    expect(STEP_KINDS.listed_supervision.document).toBe('listed_supervision');
    expect(STEP_KINDS.discipline_referral.document).toBe('referral_letter');
    expect([STEP_KINDS.reminder, STEP_KINDS.overdue].map((k) => k.document)).toEqual([null, null]);
  });

  test("a referral step refers every subject, and meets a transfer's deadline", () => {
    expect(STEP_KINDS.discipline_referral.effect).toEqual({
      deliverable: 'refer',
      item: 'refer',
      complaint: 'refer',
      transfer: 'refer_and_meet',
    });
    expect(ladderSubjectOf('item', 'disciplinary_lead')).toBe('transfer');
    expect(ladderSubjectOf('item', 'immediate')).toBe('item');
    expect(ladderSubjectOf('deliverable')).toBe('deliverable');
  });

  test('its words fit the subject', () => {
    const words = (ladderSubject: 'deliverable' | 'item' | 'complaint' | 'transfer') =>
      describeStep(
        { type: 'escalation', step: 'discipline_referral', noticeNumber: null, dayKind: 'calendar', ladderSubject },
        'zh',
      );
    expect(words('deliverable')).toBe('逾期未报送，已移交纪委监委');
    expect(words('item')).toBe('逾期未整改，已移交纪委监委');
    expect(words('complaint')).toBe('逾期未办结，已移交纪委监委');
    expect(words('transfer')).toBe('逾期未移送，已移交纪委监委');
    expect(
      describeStep(
        {
          type: 'escalation',
          step: 'discipline_referral',
          noticeNumber: '卫法督〔2027〕5号',
          dayKind: 'calendar',
          ladderSubject: 'item',
        },
        'zh',
      ),
    ).toBe('逾期未整改，已移交纪委监委，移送函 卫法督〔2027〕5号');
  });

  test('a policy may name every escalation kind of the table and nothing else', () => {
    const ladder = (action: string) =>
      PolicySchema.safeParse({ ...DEFAULT_POLICY, escalation: [{ after: 'PT0S', action }] }).success;
    for (const action of ['overdue', 'supervision_notice', 'listed_supervision', 'discipline_referral'])
      expect(ladder(action)).toBe(true);
    expect(ladder('reminder')).toBe(false);
    expect(ladder('summons')).toBe(false);
    expect(stepKindOf({ type: 'escalation', step: 'summons' })).toBeNull();
  });
});
