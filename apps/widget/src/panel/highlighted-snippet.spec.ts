import { snippetSegments } from './highlighted-snippet';

describe('search snippets', () => {
  it('cuts the text at the highlights', () => {
    expect(snippetSegments('오늘 회의는 한국어로', [[3, 5]])).toEqual([
      { text: '오늘 ', marked: false },
      { text: '회의', marked: true },
      { text: '는 한국어로', marked: false },
    ]);
  });

  it('merges overlaps, orders them, and clamps offsets beyond the text', () => {
    expect(
      snippetSegments('<img src=x onerror=alert(1)>', [
        [10, 40],
        [1, 4],
        [2, 3],
      ]),
    ).toEqual([
      { text: '<', marked: false },
      { text: 'img', marked: true },
      { text: ' src=x', marked: false },
      { text: ' onerror=alert(1)>', marked: true },
    ]);
  });
});
