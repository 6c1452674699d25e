/**
 * A paragraph of Chinese text broken into lines of a given width, with the rules of Chinese typesetting (禁则): no
 * line starts with closing punctuation (，。、；：？！）》” …) and none ends with an opening one (（《“ …); a run of
 * Latin letters or Arabic numerals (2027, 6月13日's 13) is not split. The characters' advances come from the caller (the
 * face's widths plus the grid's spacing), so the same function serves the body and the 版记.
 */
const NO_START = '，。、；：？！）》」』”’〕】…—%·,.;:?!)]';
const NO_END = '（《「『“‘〔【([';
const WORD = /[A-Za-z0-9]/;

export interface BrokenLine {
  text: string;
  /** the line's width at its natural spacing */
  width: number;
}

export function breakParagraph(
  text: string,
  width: number,
  advance: (ch: string) => number,
  firstIndent = 0,
): BrokenLine[] {
  const chars = [...text];
  const lines: BrokenLine[] = [];
  let i = 0;
  while (i < chars.length) {
    const avail = width - (lines.length === 0 ? firstIndent : 0);
    let j = i;
    let w = 0;
    while (j < chars.length && w + advance(chars[j]) <= avail + 0.01) w += advance(chars[j++]);
    if (j === i) j = i + 1; // one character wider than the line: it goes alone
    if (j < chars.length) {
      let k = j;
      while (k > i + 1 && (NO_START.includes(chars[k]) || NO_END.includes(chars[k - 1]))) k--;
      while (k > i + 1 && WORD.test(chars[k]) && WORD.test(chars[k - 1])) k--;
      if (k > i + 1 || !NO_START.includes(chars[j])) j = k;
    }
    const line = chars.slice(i, j);
    lines.push({ text: line.join(''), width: line.reduce((s, c) => s + advance(c), 0) });
    i = j;
  }
  return lines;
}
