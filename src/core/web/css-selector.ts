/**
 * A syntax check of CSS selectors without a DOM: the server refuses what `querySelectorAll`
 * would throw on, and anything that could break out of a style rule (`{`, `}`, `;`).
 */

const COMBINATOR = /[>+~]/;
const IDENT_START = /[A-Za-z_\-\\\u00a0-\uffff]/;
const ATTRIBUTE = /^\s*[A-Za-z_-][\w-]*(?:\|[\w-]+)?\s*(?:[~|^$*]?=\s*(?:"[^"]*"|'[^']*'|[\w-]+)\s*(?:[iIsS]\s*)?)?$/;

/** Why the selector is not valid CSS, or null when it is. */
export function selectorProblem(selector: string): string | null {
  const text = selector.trim();
  if (text === '') return 'is empty';
  if (text.length > 1000) return 'is longer than 1000 characters';
  for (const part of splitTopLevel(text)) {
    const problem = compoundProblem(part.trim());
    if (problem) return problem;
  }
  return null;
}

/** Splits on commas outside brackets, parentheses and quotes; throws-free. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function compoundProblem(part: string): string | null {
  if (part === '') return 'has an empty selector in a list';
  let quote = '';
  const stack: string[] = [];
  let lastCombinator = true; // a selector may not start with a combinator
  for (let i = 0; i < part.length; i++) {
    const c = part[i] as string;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") {
      if (stack.length === 0) return `has a quote outside an attribute selector at ${i}`;
      quote = c;
      continue;
    }
    if (c === '{' || c === '}' || c === ';') return `must not contain ${JSON.stringify(c)}`;
    if (c === '[') {
      const end = closing(part, i);
      if (end < 0) return 'has an unclosed "["';
      if (!ATTRIBUTE.test(part.slice(i + 1, end))) return `has an invalid attribute selector ${part.slice(i, end + 1)}`;
      i = end;
      lastCombinator = false;
      continue;
    }
    if (c === '(') stack.push(')');
    else if (c === ')') {
      if (stack.pop() !== ')') return 'has an unbalanced ")"';
    } else if (c === ']') return 'has an unbalanced "]"';
    if (stack.length > 0) continue;
    if (COMBINATOR.test(c)) {
      if (lastCombinator) return `has a misplaced combinator ${JSON.stringify(c)}`;
      lastCombinator = true;
      continue;
    }
    if (c === '#' || c === '.') {
      const next = part[i + 1] ?? '';
      if (!IDENT_START.test(next)) return `has ${JSON.stringify(c)} without a name after it`;
    }
    if (c === ':' && !/[:A-Za-z-]/.test(part[i + 1] ?? '')) return 'has ":" without a pseudo-class name';
    if (!/\s/.test(c)) lastCombinator = false;
  }
  if (quote) return 'has an unclosed quote';
  if (stack.length) return 'has an unclosed "("';
  if (lastCombinator) return 'ends with a combinator';
  return null;
}

/** The index of the `]` closing the `[` at `open`, honouring quotes; -1 when there is none. */
function closing(text: string, open: number): number {
  let quote = '';
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') return -1;
    else if (c === ']') return i;
  }
  return -1;
}
