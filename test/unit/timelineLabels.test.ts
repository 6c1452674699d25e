import { labelRows, textWidth } from '../../dashboard/src/views/labelRows';

describe("the timeline's labels: each on the first line where it covers no other", () => {
  test('widths: a CJK character is one font size, a Latin one 0.62 of it', () => {
    expect(textWidth('D7', 10)).toBeCloseTo(12.4);
    expect(textWidth('结束', 12)).toBe(24);
  });

  test('labels far apart share the first line; close ones go up a line, and a third comes down again once clear', () => {
    const at = (x: number, width = 20) => ({ x, width, anchor: 'middle' as const });
    // 0–20, 15–35 (touches the first), 26–46 (clear of the first by 6, not of the second), 200–220
    expect(labelRows([at(10), at(25), at(36), at(210)])).toEqual([0, 1, 0, 0]);
    expect(labelRows([at(10), at(25), at(35)])).toEqual([0, 1, 2]);
  });

  test('anchors: an end-anchored label reaches left of its x, a start-anchored one right', () => {
    expect(
      labelRows([
        { x: 100, width: 40, anchor: 'end' },
        { x: 105, width: 40, anchor: 'start' },
      ]),
    ).toEqual([0, 1]);
    expect(
      labelRows([
        { x: 100, width: 40, anchor: 'end' },
        { x: 106, width: 40, anchor: 'start' },
      ]),
    ).toEqual([0, 0]);
  });
});
