import { creditCodeProblem } from '../../domain/registry/creditCode';

/**
 * Published codes of well-known organisations (from their business licences as shown in the national enterprise
 * credit information system), each check character worked out by hand below, GB 32100-2015 §5: weights
 * 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28, check = 31 − (Σ mod 31), letters A=10 … Y=30 skipping I O S V Z.
 *
 *   914403001922038216  华为技术有限公司        Σ = 9+3+36+108+0+78+0+0+20+261+50+26+0+72+80+60+28 = 831;
 *                                               831 mod 31 = 25; 31 − 25 = 6 → "6"
 *   9144030071526726XG  深圳市腾讯计算机系统有限公司  Σ = 9+3+36+108+0+78+0+0+140+29+125+26+48+168+20+180+812 (X=29)
 *                                               = 1782; 1782 mod 31 = 15; 31 − 15 = 16 → "G"
 *   91330100799655058B  阿里巴巴（中国）有限公司   Σ = 9+3+27+81+0+26+0+0+140+261+225+78+40+120+0+150+224 = 1384;
 *                                               1384 mod 31 = 20; 31 − 20 = 11 → "B"
 *   91110000100010433L  中国石油天然气集团有限公司  Σ = 9+3+9+27+0+0+0+0+20+0+0+0+8+0+40+90+84 = 290;
 *                                               290 mod 31 = 11; 31 − 11 = 20 → "L"
 */
const PUBLISHED = ['914403001922038216', '9144030071526726XG', '91330100799655058B', '91110000100010433L'];

describe('unified social credit code (GB 32100-2015)', () => {
  it.each(PUBLISHED)('accepts the published code %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
  });

  it('reads lower-case letters and surrounding blanks as typed from a licence', () => {
    expect(creditCodeProblem(' 9144030071526726xg ')).toBeNull();
  });

  it.each([
    ['914403001922038217', 'check'], // last digit mistyped
    ['9144030071526726XH', 'check'],
    ['91440300192203821', 'length'],
    ['9144030019220382160', 'length'],
    ['91440300192203821O', 'character'], // O is not in the alphabet (read as 0 by people, not by the standard)
    ['9133010079965505SB', 'character'],
    ['91A30100799655058B', 'division'],
  ])('refuses %s (%s)', (code, problem) => {
    expect(creditCodeProblem(code)).toBe(problem);
  });

  it('catches every single-character typing error of a published code', () => {
    // the check character's design: any one substitution changes Σ by w·Δ with w and Δ both non-zero mod 31 (prime)
    const code = PUBLISHED[2];
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (let i = 0; i < 18; i++) {
      for (const ch of alphabet) {
        if (ch === code[i] || (i >= 2 && i < 8 && !/\d/.test(ch))) continue;
        expect([creditCodeProblem(code.slice(0, i) + ch + code.slice(i + 1)), i]).toEqual(['check', i]);
      }
    }
  });
});
