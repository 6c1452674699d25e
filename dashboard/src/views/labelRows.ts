/**
 * Where the timeline's labels go so none covers another: each label keeps its x and takes the first line (row) where
 * it clears the labels already placed there. Widths are estimated from the characters (a CJK character is about one
 * font size wide, a Latin one about 0.62 of it), generously, so a label never lands on a neighbour whatever the font.
 */
export function textWidth(text: string, fontPx: number): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? fontPx : 0.62 * fontPx;
  return w;
}

export interface PlacedLabel {
  x: number;
  width: number;
  anchor: 'start' | 'middle' | 'end';
}

const extent = (l: PlacedLabel): [number, number] =>
  l.anchor === 'start'
    ? [l.x, l.x + l.width]
    : l.anchor === 'end'
      ? [l.x - l.width, l.x]
      : [l.x - l.width / 2, l.x + l.width / 2];

/** The row of each label (0 = nearest the bars), in the order given; `gap` is the least space kept between two. */
export function labelRows(labels: readonly PlacedLabel[], gap = 6): number[] {
  const rows: [number, number][][] = [];
  return labels.map((l) => {
    const [a, b] = extent(l);
    let row = rows.findIndex((placed) => placed.every(([c, d]) => b + gap <= c || d + gap <= a));
    if (row === -1) row = rows.push([]) - 1;
    rows[row].push([a, b]);
    return row;
  });
}
