import fs from 'node:fs';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { ERROR_CODES, type ErrorCode } from '../../domain/errorCodes';
import { refusal } from '../../domain/refusals';
import { fromTemporal } from '../../api/errors';
import { ApiError, CLIENT_ERRORS, errorText } from '../../dashboard/src/apiError';
import { fieldLabel } from '../../dashboard/src/fieldLabels';

const ROOT = path.join(__dirname, '..', '..');
const HAN = /\p{Script=Han}/u;
const LATIN = /[A-Za-z]/;

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

/**
 * The codes the server's source answers with, read from the source itself (refusal(…), refused(…), new HttpError(…),
 * the campaign year's refusals), so a code written at a throw site but missing from the table is caught here as well
 * as by the compiler.
 */
function emittedCodes(): Set<string> {
  const codes = new Set<string>();
  const patterns = [
    /\brefus(?:al|ed)\(\s*'([a-z_]+)'/g,
    /new HttpError\(\s*[^,]+,\s*'([a-z_]+)'/g,
    /^\s*code: '([a-z_]+)',$/gm,
  ];
  for (const file of ['api', 'services', 'workflows', 'activities', 'domain'].flatMap(sources)) {
    if (file.endsWith('errorCodes.ts')) continue;
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    // zod's own issue code 'custom' (ctx.addIssue({ code: 'custom', … }), on a line of its own since Prettier) is no refusal
    for (const re of patterns)
      for (const m of text.matchAll(re)) if (!/(issue|zod)/i.test(m[0]) && m[1] !== 'custom') codes.add(m[1]);
  }
  return codes;
}

describe('error codes', () => {
  test('every code the server emits is declared, and the source emits the specific refusals this issue named', () => {
    const emitted = emittedCodes();
    const undeclared = [...emitted].filter((c) => !Object.hasOwn(ERROR_CODES, c));
    expect(undeclared).toEqual([]);
    // the refusals the issue saw in English, each now with a code of its own (hand-picked, not read from the table)
    for (const code of [
      'complaint_needs_agency',
      'tracking_code_invalid',
      'tracking_code_mistyped',
      'deliverable_already_submitted',
      'item_closed',
      'wrong_password',
    ]) {
      expect(emitted).toContain(code);
    }
  });

  test('the dashboard words every code in Chinese without a Latin letter, whatever the API said', () => {
    const english = 'a refusal worded in English with an-id-123';
    const unworded = (Object.keys(ERROR_CODES) as ErrorCode[]).filter((code) => {
      const text = errorText(new ApiError(ERROR_CODES[code].status, code, english), 'zh');
      return !HAN.test(text) || LATIN.test(text);
    });
    expect(unworded).toEqual([]);
    for (const code of Object.keys(CLIENT_ERRORS))
      expect(errorText(new ApiError(0, code, 'Failed to fetch'), 'zh')).toMatch(HAN);
    // a code of a later release reads as its status's generic words; English keeps the API's message
    expect(errorText(new ApiError(409, 'some_future_code', english), 'zh')).toBe('当前状态不允许此操作，请刷新后查看');
    expect(errorText(new ApiError(422, 'complaint_needs_agency', english), 'en')).toBe(english);
    // under a generic code, a message in plain Chinese says more than the generic words
    expect(errorText(new ApiError(409, 'conflict', '该举报已办结'), 'zh')).toBe('该举报已办结');
  });

  test('a refusal reaches the API with its own code and the status it is declared with; a previous release’s generic refusal still maps', () => {
    const closed = fromTemporal(refusal('item_closed', '该问题已关闭', { status: 'closed' }));
    expect([closed?.status, closed?.code, closed?.details]).toEqual([409, 'item_closed', [{ status: 'closed' }]]);
    const agency = fromTemporal(refusal('complaint_needs_agency', '查实的举报须指明被举报机关'));
    expect([agency?.status, agency?.code]).toEqual([422, 'complaint_needs_agency']);
    const legacy = fromTemporal(
      ApplicationFailure.create({ type: 'RuleViolation', message: 'old worker', nonRetryable: true }),
    );
    expect([legacy?.status, legacy?.code]).toEqual([422, 'rule_violation']);
    expect(fromTemporal(ApplicationFailure.create({ type: 'SomethingElse', message: 'x' }))).toBeNull();
  });

  test('fields are named by their labels, never by their keys', () => {
    expect(fieldLabel('dueAt', 'zh')).toBe('整改时限');
    expect(fieldLabel('evidence.0.title', 'zh')).toBe('佐证材料（第1项）材料名称');
    expect(fieldLabel('item.responsiblePerson', 'zh')).toBe('问题责任人');
    expect(fieldLabel('scope', 'zh', { scope: '整治范围' })).toBe('整治范围');
    expect(fieldLabel('somethingNobodyLabelled', 'zh')).toBe('填写内容');
  });
});
