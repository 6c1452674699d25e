import { fmtDateTime, fmtDuration, isoToZonedInput, pct, zonedInputToIso } from '../../dashboard/src/format';
import { compact, errorsOfApi, fieldErrors, setFormLang } from '../../dashboard/src/forms';
import { ApiError } from '../../dashboard/src/apiError';

/** The dashboard's pure helpers: dates in the campaign's zone whatever the browser's, and form errors by field. */
describe('dashboard formatting', () => {
  test('instants are shown in the campaign time zone', () => {
    // 2020-06-10T23:59:59+08:00 is the D1 deadline of the plan: still the 10th in Zhongwei, the 10th 15:59:59 UTC.
    expect(fmtDateTime('2020-06-10T15:59:59Z', 'zh', 'Asia/Shanghai')).toBe('2020/06/10 23:59:59');
    expect(fmtDateTime('2020-06-10T15:59:59Z', 'en', 'UTC')).toBe('10/06/2020, 15:59:59');
    expect(fmtDateTime(null, 'zh', 'Asia/Shanghai')).toBe('—');
  });

  test('a wall-clock time typed for the campaign zone becomes an instant with offset, and back', () => {
    expect(zonedInputToIso('2020-06-10T23:59', 'Asia/Shanghai')).toBe('2020-06-10T23:59:00+08:00');
    expect(isoToZonedInput('2020-06-10T15:59:00Z', 'Asia/Shanghai')).toBe('2020-06-10T23:59');
    expect(zonedInputToIso('', 'Asia/Shanghai')).toBeNull();
  });

  test('policy durations read as words', () => {
    expect(fmtDuration('P3D', 'zh')).toBe('3天');
    expect(fmtDuration('PT4S', 'en')).toBe('4 s');
    expect(fmtDuration('P1DT2H', 'en')).toBe('1 d 2 h');
    expect(pct(1, 3)).toBe('33.3%');
    expect(pct(0, 0)).toBe('—');
  });
});

describe('dashboard forms', () => {
  test('zod issues, the client’s or the API’s, land on their field', () => {
    expect(
      fieldErrors([
        { path: ['evidence', 0, 'title'], message: '太短' },
        { path: [], message: '整张表有误' },
      ]),
    ).toEqual({
      'evidence.0.title': '太短',
      _: '整张表有误',
    });
    const err = new ApiError(400, 'invalid_request', 'the body is not valid', [
      { code: 'invalid_type', path: ['note'], message: 'Required', in: 'body' },
    ]);
    expect(errorsOfApi(err)).toEqual({ note: '必填', _: '提交的内容有误，请按提示修改' });
    expect(compact({ a: '', b: 'x', c: undefined })).toEqual({ b: 'x' });
  });

  test('the common zod messages are said in Chinese, rule messages by their Chinese part, never in English', () => {
    const issues = [
      { code: 'too_small', origin: 'string', minimum: 1, path: ['note'], message: 'Too small' },
      { code: 'invalid_format', format: 'url', path: ['url'], message: 'Invalid URL' },
      { code: 'invalid_format', format: 'regex', path: ['mobile'], message: '手机号码应为 11 位数字，以 1 开头' },
      { code: 'invalid_format', format: 'regex', path: ['code'], message: 'Invalid string: must match pattern' },
      {
        code: 'custom',
        path: ['dueAt'],
        message: '限期整改的问题须填写整改时限（a scheduled item needs a due date, its timetable）',
      },
      { code: 'custom', path: ['year'], message: 'a definition with its own "calendar" takes no year' },
      { code: 'unrecognized_keys', path: [], message: 'Unrecognized key: "foo"' },
    ];
    expect(fieldErrors(issues)).toEqual({
      note: '必填',
      url: '链接格式不正确（http/https）',
      mobile: '手机号码应为 11 位数字，以 1 开头',
      code: '格式不正确',
      dueAt: '限期整改的问题须填写整改时限',
      year: '填写有误',
      _: '填写有误',
    });
    setFormLang('en');
    expect(fieldErrors(issues).note).toBe('Too small');
    setFormLang('zh');
  });
});
