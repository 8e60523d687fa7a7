/**
 * Regenerates the golden vectors: `node --import tsx src/decide/vectors/generate.ts`.
 *
 * Runs the official SDK (`@optimizely/optimizely-sdk`, static config manager with the datafile
 * string, no event processor, `decide` without INCLUDE_REASONS) over each suite of `suites.ts`
 * and writes `src/decide/vectors/<suite>.json`. A case whose `search` finds no user id, or whose
 * `expect` the SDK contradicts, stops the run: the vectors only pin what their names claim.
 */
// eslint-disable-next-line no-restricted-imports -- a developer script that writes the vector files, not engine code (see docs/decide.md)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSdkOracle } from './sdk-oracle.js';
import type { OracleDecision } from './sdk-oracle.js';
import { vectorSuites } from './suites.js';
import type { CaseSpec, VectorCase, VectorFile, VectorSuite } from './vector-file.js';

const SEARCH_LIMIT = 100_000;

function sdkVersion(): string {
  // The package exports no ./package.json; read it next to the resolved entry point (dist/).
  const entry = import.meta.resolve('@optimizely/optimizely-sdk');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', entry), 'utf8')) as {
    version: string;
  };
  return `@optimizely/optimizely-sdk ${pkg.version}`;
}

function resolveCase(spec: CaseSpec, decide: (userId: string) => OracleDecision): VectorCase {
  let userId = spec.userId ?? 'user-1';
  let decision = decide(userId);
  if (spec.search !== undefined) {
    let i = 0;
    while (!spec.search.want(decision)) {
      if (++i >= SEARCH_LIMIT)
        throw new Error(
          `${spec.name}: no user id "${spec.search.prefix}N" gives the wanted decision`,
        );
      userId = `${spec.search.prefix}${i}`;
      decision = decide(userId);
    }
  }
  if (spec.expect !== undefined && !spec.expect(decision)) {
    throw new Error(
      `${spec.name}: the SDK decided ${JSON.stringify(decision)}, which contradicts the case`,
    );
  }
  const { variationKey, enabled, ruleKey, variables, ruleId, variationId } = decision;
  return {
    name: spec.outcome === undefined ? spec.name : `${spec.name} → ${spec.outcome(decision)}`,
    userId,
    attributes: spec.attributes ?? {},
    flagKey: spec.flagKey,
    expected: { variationKey, enabled, ruleKey, variables, ruleId, variationId },
  };
}

/** Builds one vector file with the SDK. */
export async function generateSuite(suite: VectorSuite, sdk: string): Promise<VectorFile> {
  const oracle = await createSdkOracle(suite.datafile);
  try {
    const cases = suite.cases.map((spec) =>
      resolveCase(spec, (userId) => oracle.decide(userId, spec.attributes ?? {}, spec.flagKey)),
    );
    return { description: suite.description, sdk, datafile: suite.datafile, cases };
  } finally {
    await oracle.close();
  }
}

/** The datafile indented, then one case per line, so a changed decision is a one-line diff. */
function formatVectorFile(file: VectorFile): string {
  const head = JSON.stringify(
    { description: file.description, sdk: file.sdk, datafile: file.datafile },
    null,
    1,
  );
  const cases = file.cases.map((c) => `  ${JSON.stringify(c)}`).join(',\n');
  return `${head.slice(0, -2)},\n "cases": [\n${cases}\n ]\n}\n`;
}

async function main(): Promise<void> {
  const sdk = sdkVersion();
  for (const suite of vectorSuites) {
    const file = await generateSuite(suite, sdk);
    const path = fileURLToPath(new URL(`./${suite.name}.json`, import.meta.url));
    writeFileSync(path, formatVectorFile(file));
    console.log(`${suite.name}.json: ${file.cases.length} cases`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1])
  await main();
