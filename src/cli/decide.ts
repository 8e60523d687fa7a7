/**
 * `fieldtest decide`: run the decision engine from the command line to answer "why did this user
 * get that?" (docs/decide.md).
 *
 *   fieldtest decide --datafile <file|url> --user <id> [--attr key=value]… [--cohort id]… [--flag key] [--reasons]
 *   fieldtest decide --datafile <file|url> --inputs users.jsonl [--flag key] [--reasons]
 *
 * Prints one JSON line per decision: `{userId, flagKey, variationKey, enabled, ruleKey, variables}`
 * (+ `reasons` with `--reasons`); every flag unless `--flag` (or an input line's `flagKey`) names one.
 * All I/O goes through `DecideIo`, so tests run it in memory.
 */
import { compileDatafile } from '../decide/compile-datafile.js';
import { decide, decideAll } from '../decide/decide.js';
import type { DecideUser, Decision, DecisionConfig } from '../decide/decision-config.js';

/** The I/O `runDecide` needs; `node-io.ts` implements it with node:fs and fetch. */
export interface DecideIo {
  readFile(path: string): Promise<string>;
  fetchText(url: string): Promise<string>;
  stdout(line: string): void;
  readLines(path: string): AsyncIterable<string>;
}

/** A failure to report to the user: print `message` and exit with `exitCode` (2: bad arguments). */
export class DecideCliError extends Error {
  override readonly name = 'DecideCliError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/** The usage text (`--help`). */
export const decideUsage = `Usage:
  fieldtest decide --datafile <file|url> --user <id> [--attr key=value]... [--cohort id]... [--flag key] [--reasons]
  fieldtest decide --datafile <file|url> --inputs <file.jsonl> [--flag key] [--reasons]

Prints one JSON line per decision: {userId, flagKey, variationKey, enabled, ruleKey, variables}.
  --datafile  a datafile path, or an http(s) URL to fetch it from
  --user      the user id (with --attr/--cohort for attributes and cohort ids)
  --attr      key=value; true/false become booleans, null is null, a JSON number becomes a number,
              a double-quoted value is a string ("02139" keeps its zero), anything else is a string
  --cohort    a cohort id the user belongs to (for cohort audience leaves)
  --inputs    JSON lines {"userId": ..., "attributes": {...}, "flagKey"?: ..., "cohorts"?: [...]}
  --flag      decide this flag only (default: every flag)
  --reasons   add the engine's reasons to each line`;

interface Options {
  datafile?: string;
  user?: string;
  inputs?: string;
  flag?: string;
  reasons: boolean;
  help: boolean;
  attributes: Record<string, unknown>;
  cohorts: string[];
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function usageError(problem: string): DecideCliError {
  return new DecideCliError(`fieldtest decide: ${problem}\n\n${decideUsage}`, 2);
}

/** Parses an `--attr` value: booleans, null, JSON numbers and double-quoted strings; else text. */
export function parseAttributeValue(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (NUMBER.test(text)) return Number(text);
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      throw usageError(`--attr value ${text} is not a valid quoted string`);
    }
  }
  return text;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { reasons: false, help: false, attributes: {}, cohorts: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const takeValue = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw usageError(`${name} needs a value`);
      return value;
    };
    switch (name) {
      case '--datafile':
      case '--user':
      case '--inputs':
      case '--flag': {
        const key = name.slice(2) as 'datafile' | 'user' | 'inputs' | 'flag';
        if (options[key] !== undefined) throw usageError(`${name} given twice`);
        options[key] = takeValue();
        break;
      }
      case '--attr': {
        const pair = takeValue();
        const at = pair.indexOf('=');
        if (at <= 0) throw usageError(`--attr needs key=value, got ${JSON.stringify(pair)}`);
        options.attributes[pair.slice(0, at)] = parseAttributeValue(pair.slice(at + 1));
        break;
      }
      case '--cohort':
        options.cohorts.push(takeValue());
        break;
      case '--reasons':
        options.reasons = true;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw usageError(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  return options;
}

function check(options: Options): void {
  if (options.datafile === undefined) throw usageError('--datafile is required');
  if ((options.user === undefined) === (options.inputs === undefined)) {
    throw usageError('give exactly one of --user and --inputs');
  }
  if (
    options.inputs !== undefined &&
    (Object.keys(options.attributes).length > 0 || options.cohorts.length > 0)
  ) {
    throw usageError(
      '--attr and --cohort go with --user; put attributes and cohorts in the --inputs lines',
    );
  }
}

async function loadConfig(source: string, io: DecideIo): Promise<DecisionConfig> {
  let text: string;
  try {
    text = /^https?:\/\//i.test(source) ? await io.fetchText(source) : await io.readFile(source);
  } catch (error) {
    throw new DecideCliError(
      `fieldtest decide: cannot read datafile ${source}: ${(error as Error).message}`,
      1,
    );
  }
  try {
    return compileDatafile(text);
  } catch (error) {
    throw new DecideCliError(
      `fieldtest decide: invalid datafile ${source}: ${(error as Error).message}`,
      1,
    );
  }
}

function emit(io: DecideIo, userId: string, decision: Decision, withReasons: boolean): void {
  const { flagKey, variationKey, enabled, ruleKey, variables } = decision;
  const line = { userId, flagKey, variationKey, enabled, ruleKey, variables };
  io.stdout(JSON.stringify(withReasons ? { ...line, reasons: decision.reasons ?? [] } : line));
}

function decideFor(
  config: DecisionConfig,
  user: DecideUser,
  flagKey: string | undefined,
  options: Options,
  io: DecideIo,
): void {
  const decideOptions = { includeReasons: options.reasons };
  const decisions =
    flagKey === undefined
      ? Object.values(decideAll(config, user, decideOptions))
      : [decide(config, user, flagKey, decideOptions)];
  for (const decision of decisions) emit(io, user.userId, decision, options.reasons);
}

/** Reads one `--inputs` line into a user and an optional flag key. */
function parseInputLine(
  text: string,
  lineNumber: number,
): { user: DecideUser; flagKey: string | undefined } {
  const fail = (problem: string): DecideCliError =>
    new DecideCliError(`fieldtest decide: inputs line ${lineNumber}: ${problem}`, 1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw fail(`not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw fail('must be a JSON object');
  const line = value as Record<string, unknown>;
  if (typeof line.userId !== 'string') throw fail('userId must be a string');
  const attributes = line.attributes ?? {};
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))
    throw fail('attributes must be an object');
  if (line.flagKey !== undefined && typeof line.flagKey !== 'string')
    throw fail('flagKey must be a string');
  const cohorts = line.cohorts;
  if (
    cohorts !== undefined &&
    (!Array.isArray(cohorts) || cohorts.some((c) => typeof c !== 'string' && typeof c !== 'number'))
  ) {
    throw fail('cohorts must be an array of ids');
  }
  const user: DecideUser = {
    userId: line.userId,
    attributes: attributes as Record<string, unknown>,
    ...(cohorts === undefined
      ? {}
      : { cohorts: new Set((cohorts as (string | number)[]).map(String)) }),
  };
  return { user, flagKey: line.flagKey };
}

/**
 * Runs `fieldtest decide` with `argv` (the arguments after `decide`). Rejects with a
 * `DecideCliError` for bad arguments (exit code 2) or unreadable / invalid input (exit code 1).
 */
export async function runDecide(argv: readonly string[], io: DecideIo): Promise<void> {
  const options = parseArgs(argv);
  if (options.help) {
    io.stdout(decideUsage);
    return;
  }
  check(options);
  const config = await loadConfig(options.datafile as string, io);
  if (options.user !== undefined) {
    const cohorts = options.cohorts.length > 0 ? { cohorts: new Set(options.cohorts) } : {};
    decideFor(
      config,
      { userId: options.user, attributes: options.attributes, ...cohorts },
      options.flag,
      options,
      io,
    );
    return;
  }
  let lineNumber = 0;
  try {
    for await (const text of io.readLines(options.inputs as string)) {
      lineNumber++;
      if (text.trim() === '') continue;
      const { user, flagKey } = parseInputLine(text, lineNumber);
      decideFor(config, user, flagKey ?? options.flag, options, io);
    }
  } catch (error) {
    if (error instanceof DecideCliError) throw error;
    throw new DecideCliError(
      `fieldtest decide: cannot read inputs ${String(options.inputs)}: ${(error as Error).message}`,
      1,
    );
  }
}
