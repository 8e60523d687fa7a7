/**
 * Applying a variant's DOM modifications in the browser: once per element, to elements present
 * now and to those that appear later (MutationObserver), with matching elements hidden until
 * they are changed (anti-flicker) or the timeout passes.
 */
import type { SnippetModification } from './config.js';

const APPLIED = 'data-ft-applied';

/** Applies one modification to one element. */
function applyTo(el: Element, m: SnippetModification): void {
  const value = m.value ?? '';
  switch (m.action) {
    case 'text':
      el.textContent = value;
      break;
    case 'html':
      el.innerHTML = value;
      break;
    case 'attribute':
      if (m.attribute?.name) el.setAttribute(m.attribute.name, m.attribute.value ?? value);
      break;
    case 'class':
      for (const c of value.split(/\s+/)) if (c) el.classList.add(c);
      break;
    case 'hide':
      (el as HTMLElement).style.setProperty('display', 'none', 'important');
      break;
    case 'remove':
      el.remove();
      break;
    case 'insert':
      el.insertAdjacentHTML('afterend', value);
      break;
    case 'customCss':
      if (value.includes(':')) (el as HTMLElement).style.cssText += `;${value}`;
      break;
    default:
      break;
  }
  const style = (el as HTMLElement).style as CSSStyleDeclaration | undefined;
  if (style) for (const s of m.styles ?? []) style.setProperty(s.property, s.value, 'important');
}

/**
 * Whether the parser is done with the element: the document has loaded, or a node follows it
 * (the parser appends in document order, so its end tag was read). Changing an element still
 * being parsed would lose to the text the parser appends to it afterwards.
 */
function closed(el: Element): boolean {
  if (el.ownerDocument.readyState !== 'loading') return true;
  for (let node: Node | null = el; node; node = node.parentNode) if (node.nextSibling) return true;
  return false;
}

/** Applies the modifications to matching elements not yet changed; returns how many it changed. */
export function applyModifications(root: ParentNode, mods: readonly SnippetModification[], done: WeakSet<Element>[]): number {
  let changed = 0;
  mods.forEach((m, i) => {
    const seen = (done[i] ??= new WeakSet<Element>());
    let matches: NodeListOf<Element>;
    try {
      matches = root.querySelectorAll(m.selector);
    } catch {
      return; // the server validates selectors; an engine that disagrees must not stop the others
    }
    matches.forEach((el) => {
      if (seen.has(el) || !closed(el)) return;
      seen.add(el);
      applyTo(el, m);
      el.setAttribute(APPLIED, '');
      changed++;
    });
  });
  return changed;
}

/** A style element that hides what is about to change; returns a function that removes it. */
export function hideUntilApplied(doc: Document, selectors: readonly string[], whole: boolean): () => void {
  if (!whole && selectors.length === 0) return () => undefined;
  const style = doc.createElement('style');
  style.setAttribute('data-ft-antiflicker', '');
  style.textContent = whole
    ? 'html{visibility:hidden!important}'
    : `${selectors.map((s) => `${s}:not([${APPLIED}])`).join(',')}{visibility:hidden!important}`;
  (doc.head ?? doc.documentElement).appendChild(style);
  return () => style.remove();
}

/** Keeps applying the modifications to elements that appear later. */
export function observe(doc: Document, apply: () => void): void {
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    // One pass per batch of mutations; the WeakSets keep each element changed once.
    queueMicrotask(() => {
      queued = false;
      apply();
    });
  }).observe(doc.documentElement, { childList: true, subtree: true });
}
