import { breakParagraph } from '../../services/documents/lineBreak';

/** a grid of 10 cells to the line: Chinese characters and full-width punctuation take one, Arabic numerals half */
const advance = (ch: string) => (/[0-9A-Za-z]/.test(ch) ? 0.5 : 1);
const lines = (text: string, indent = 0) => breakParagraph(text, 10, advance, indent).map((l) => l.text);

describe('paragraphs broken by the rules of Chinese typesetting', () => {
  it('fills each line, the first after its indent', () => {
    expect(lines('一二三四五六七八九十一二三四五六七八九十一二', 2)).toEqual([
      '一二三四五六七八',
      '九十一二三四五六七八',
      '九十一二',
    ]);
  });

  it('starts no line with closing punctuation: the last character goes down with it', () => {
    expect(lines('一二三四五六七八九十。一二三')).toEqual(['一二三四五六七八九', '十。一二三']);
    expect(lines('一二三四五六七八九十”。一二')).toEqual(['一二三四五六七八九', '十”。一二']);
  });

  it('ends no line with opening punctuation', () => {
    expect(lines('一二三四五六七八九（十）一二')).toEqual(['一二三四五六七八九', '（十）一二']);
  });

  it('keeps a number whole', () => {
    expect(lines('一二三四五六七八九2027年6月13日')).toEqual(['一二三四五六七八九', '2027年6月13日']);
  });

  it('measures each line at its natural width', () => {
    expect(breakParagraph('一二2027', 10, advance).map((l) => l.width)).toEqual([4]);
  });
});
