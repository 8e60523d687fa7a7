/**
 * Test support: |actual − expected| ≤ max(atol, rtol·|expected|), with NaN never close.
 * Used by the vector tests; pure, no test-framework import.
 */
export function closeTo(actual: number, expected: number, rtol: number, atol = 0): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return false;
  if (actual === expected) return true;
  return Math.abs(actual - expected) <= Math.max(atol, rtol * Math.abs(expected));
}
