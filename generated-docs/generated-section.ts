/**
 * Generated blocks inside hand-written markdown (the README): the text between
 * `<!-- generated:NAME start -->` and `<!-- generated:NAME end -->` belongs to
 * a generator; everything else to people. Generators replace their block,
 * tests compare it.
 */
export function sectionMarkers(name: string): { start: string; end: string } {
  return { start: `<!-- generated:${name} start -->`, end: `<!-- generated:${name} end -->` };
}

/** The document with the named block's content replaced; throws when the document has no such block. */
export function withGeneratedSection(document: string, name: string, content: string): string {
  const { start, end } = sectionMarkers(name);
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 || to < from) throw new Error(`the document has no "${start}" ... "${end}" block`);
  return `${document.slice(0, from + start.length)}\n${content.trim()}\n${document.slice(to)}`;
}
