/**
 * Condition trees, compiled once and evaluated with three-valued logic. One compiler serves both
 * audience `conditions` (leaves are condition objects) and rule `audienceConditions` (leaves are
 * audience ids), as the SDK's `condition_tree_evaluator` does (reference §2.7):
 *
 * - `["and"|"or"|"not", ...]` applies the operator to the rest;
 * - an array starting with any other string is an implicit OR over the *whole* array;
 * - an array starting with a non-string is an OR over elements 2..n (the first is dropped);
 * - `and`: false if any child is false, else null if any is null, else true (`["and"]` is true);
 *   `or`: true if any is true, else null if any is null, else false; `not` negates its first
 *   child, keeps null, and is null when empty.
 */
import type { AudienceCheck, CompiledAudience, ConditionNode, Tri } from './decision-config.js';

const OPERATORS: ReadonlySet<string> = new Set(['and', 'or', 'not']);

/** A constant node (unknown audience, unusable leaf). */
export function constantNode(value: Tri, text: string): ConditionNode {
  return { kind: 'constant', value, text };
}

/** Compiles a tree; `compileLeafNode` turns each non-array node into a node. */
export function compileTree(
  node: unknown,
  compileLeafNode: (leaf: unknown) => ConditionNode,
): ConditionNode {
  if (!Array.isArray(node)) return compileLeafNode(node);
  const items = node as readonly unknown[];
  const first = items[0];
  if (typeof first === 'string' && !OPERATORS.has(first)) {
    return { kind: 'or', children: items.map((child) => compileTree(child, compileLeafNode)) };
  }
  const rest = items.slice(1);
  if (first === 'and') {
    return { kind: 'and', children: rest.map((child) => compileTree(child, compileLeafNode)) };
  }
  if (first === 'not') {
    return { kind: 'not', child: rest.length > 0 ? compileTree(rest[0], compileLeafNode) : null };
  }
  // "or", and the SDK's quirk for a non-string first element: OR over the rest.
  return { kind: 'or', children: rest.map((child) => compileTree(child, compileLeafNode)) };
}

/**
 * Compiles a rule's `audienceConditions || audienceIds` against the compiled audiences. Absent or
 * empty means everyone; an audience id that is not in the datafile evaluates to null.
 */
export function compileAudienceCheck(
  conditions: unknown,
  audienceFor: (id: string) => CompiledAudience | undefined,
): AudienceCheck {
  const text = JSON.stringify(conditions) ?? 'null';
  // The SDK's test is `!conditions || conditions.length === 0`.
  if (!conditions || (conditions as { length?: unknown }).length === 0) return { tree: null, text };
  const tree = compileTree(conditions, (leaf) => {
    // Audience ids are object keys in the SDK, so any leaf is looked up by String(leaf).
    const audience = audienceFor(String(leaf));
    return audience === undefined
      ? constantNode(null, `unknown audience ${JSON.stringify(leaf) ?? String(leaf)}`)
      : { kind: 'audience', audience };
  });
  return { tree, text };
}

/**
 * Evaluates a compiled tree. With `trace`, each audience's result is appended to it as a sentence
 * (used only when reasons were asked for).
 */
export function evaluateTree(
  node: ConditionNode,
  attributes: Readonly<Record<string, unknown>>,
  cohorts: ReadonlySet<string> | undefined,
  trace: string[] | null,
): Tri {
  switch (node.kind) {
    case 'and': {
      let sawNull = false;
      for (const child of node.children) {
        const result = evaluateTree(child, attributes, cohorts, trace);
        if (result === false) return false;
        if (result === null) sawNull = true;
      }
      return sawNull ? null : true;
    }
    case 'or': {
      let sawNull = false;
      for (const child of node.children) {
        const result = evaluateTree(child, attributes, cohorts, trace);
        if (result === true) return true;
        if (result === null) sawNull = true;
      }
      return sawNull ? null : false;
    }
    case 'not': {
      if (node.child === null) return null;
      const result = evaluateTree(node.child, attributes, cohorts, trace);
      return result === null ? null : !result;
    }
    case 'leaf':
      return node.leaf.evaluate(attributes, cohorts);
    case 'audience': {
      const result = evaluateTree(node.audience.tree, attributes, cohorts, trace);
      if (trace !== null) {
        trace.push(
          `Audience "${node.audience.name}" (${node.audience.id}) evaluated to ${String(result)}.`,
        );
      }
      return result;
    }
    case 'constant':
      if (trace !== null && node.value === null)
        trace.push(`Condition ${node.text} evaluated to null.`);
      return node.value;
  }
}
