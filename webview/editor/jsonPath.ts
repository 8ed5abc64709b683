// Finds where a JSON path such as `$.sample.points[1].x` sits in the text, so that the core's
// validation messages can be drawn as squiggles at the field they name. Works on the Lezer JSON tree,
// so it needs no DOM and is unit tested in Node.
import { ensureSyntaxTree } from '@codemirror/language';
import type { EditorState } from '@codemirror/state';
import type { SyntaxNode } from '@lezer/common';

/** A range in the document: the property (name and value) the path names, or the nearest part that exists. */
export interface TextRange {
  from: number;
  to: number;
}

/** Splits `$.a["b c"][2]` into ['a', 'b c', 2]. */
export function pathSegments(path: string): Array<string | number> {
  const segments: Array<string | number> = [];
  const pattern = /\.([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(path)) !== null) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3]) as string);
  }
  return segments;
}

/** The range of `path` in the document; a syntax problem (path `$`) falls back to the whole text. */
export function locatePath(state: EditorState, path: string): TextRange {
  const whole = { from: 0, to: state.doc.length };
  const tree = ensureSyntaxTree(state, state.doc.length, 1000);
  if (!tree) return whole;
  let value: SyntaxNode | null = tree.topNode.firstChild;
  let range: TextRange = value ? { from: value.from, to: value.to } : whole;
  for (const segment of pathSegments(path)) {
    if (!value) break;
    if (typeof segment === 'number' && value.name === 'Array') {
      const items = children(value).filter((node) => !['[', ']', ','].includes(node.name) && !node.type.isError);
      const item = items[segment];
      if (!item) break;
      value = item;
      range = { from: item.from, to: item.to };
    } else if (value.name === 'Object') {
      const property = children(value).find((node) => node.name === 'Property' && propertyName(state, node) === String(segment));
      if (!property) break;
      const name = property.getChild('PropertyName');
      value = property.lastChild && property.lastChild !== name ? property.lastChild : null;
      // Point at the key: the squiggle stays short and readable however big the value is.
      range = name ? { from: name.from, to: name.to } : { from: property.from, to: property.to };
      if (!value) break;
    } else break;
  }
  return range.to > range.from ? range : { from: range.from, to: Math.min(state.doc.length, range.from + 1) };
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}

function propertyName(state: EditorState, property: SyntaxNode): string | undefined {
  const name = property.getChild('PropertyName');
  if (!name) return undefined;
  const raw = state.sliceDoc(name.from, name.to);
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.replace(/^"|"$/g, '');
  }
}
