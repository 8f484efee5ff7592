import { h } from '../dom';

export interface SnippetSegment {
  text: string;
  marked: boolean;
}

/** The snippet cut at the highlight offsets the api gives ([start, end) in UTF-16 units), overlaps merged. */
export function snippetSegments(text: string, highlights: ReadonlyArray<readonly [number, number]>): SnippetSegment[] {
  const ranges = highlights
    .map(([start, end]) => [Math.max(0, Math.min(start, text.length)), Math.max(0, Math.min(end, text.length))] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const segments: SnippetSegment[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (end <= at) continue;
    if (start > at) segments.push({ text: text.slice(at, start), marked: false });
    segments.push({ text: text.slice(Math.max(start, at), end), marked: true });
    at = end;
  }
  if (at < text.length) segments.push({ text: text.slice(at), marked: false });
  return segments;
}

/** Text nodes, and <mark> elements holding text nodes: the snippet is never parsed as HTML. */
export function renderSnippet(text: string, highlights: ReadonlyArray<readonly [number, number]>): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const segment of snippetSegments(text, highlights)) {
    fragment.append(segment.marked ? h('mark', {}, segment.text) : document.createTextNode(segment.text));
  }
  return fragment;
}
