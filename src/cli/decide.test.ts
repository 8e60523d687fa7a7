import { describe, expect, it } from 'vitest';
import { deliveriesDatafile } from '../decide/vectors/datafiles/deliveries.js';
import { experimentsDatafile } from '../decide/vectors/datafiles/experiments.js';
import type { DecideIo } from './decide.js';
import { DecideCliError, parseAttributeValue, runDecide } from './decide.js';

/** An in-memory `DecideIo`: files and URLs from maps, stdout into `lines`. */
function memoryIo(
  files: Record<string, string>,
  urls: Record<string, string> = {},
): DecideIo & { lines: string[] } {
  const lines: string[] = [];
  const read = (map: Record<string, string>, key: string): string => {
    const text = map[key];
    if (text === undefined) throw new Error(`ENOENT: ${key}`);
    return text;
  };
  return {
    lines,
    readFile: async (path) => read(files, path),
    fetchText: async (url) => read(urls, url),
    stdout: (line) => lines.push(line),
    async *readLines(path) {
      yield* read(files, path).split('\n');
    },
  };
}

const files = {
  'df.json': JSON.stringify(experimentsDatafile),
  'nav.json': JSON.stringify(deliveriesDatafile),
  'bad.json': '{"version": 4}',
};
const parse = (line: string | undefined): Record<string, unknown> =>
  JSON.parse(line ?? 'null') as Record<string, unknown>;

describe('fieldtest decide', () => {
  it('decides one flag for one user', async () => {
    const io = memoryIo(files);
    await runDecide(
      ['--datafile', 'df.json', '--user', 'qa_user', '--flag', 'checkout_redesign'],
      io,
    );
    expect(io.lines).toHaveLength(1);
    expect(parse(io.lines[0])).toMatchObject({
      userId: 'qa_user',
      flagKey: 'checkout_redesign',
      variationKey: 'treatment',
      enabled: true,
      ruleKey: 'checkout_ab',
      variables: { button_color: 'green', discount_pct: 15 },
    });
    expect(Object.keys(parse(io.lines[0]))).toEqual([
      'userId',
      'flagKey',
      'variationKey',
      'enabled',
      'ruleKey',
      'variables',
    ]);
  });

  it('decides every flag without --flag, and adds reasons with --reasons', async () => {
    const io = memoryIo(files);
    await runDecide(['--datafile=df.json', '--user=u1', '--reasons'], io);
    expect(io.lines.map((line) => parse(line).flagKey)).toEqual(
      experimentsDatafile.featureFlags.map((f) => f.key),
    );
    expect((parse(io.lines[0]).reasons as string[]).length).toBeGreaterThan(0);
  });

  it('types --attr values and passes cohorts', async () => {
    const io = memoryIo(files);
    await runDecide(
      [
        '--datafile',
        'nav.json',
        '--user',
        'u',
        '--attr',
        'country=CA',
        '--attr',
        'beta=true',
        '--flag',
        'new_nav',
      ],
      io,
    );
    expect(parse(io.lines[0]).ruleKey).toBe('beta_users');
    expect(parseAttributeValue('30')).toBe(30);
    expect(parseAttributeValue('-2.5e1')).toBe(-25);
    expect(parseAttributeValue('02139')).toBe('02139');
    expect(parseAttributeValue('"30"')).toBe('30');
    expect(parseAttributeValue('false')).toBe(false);
    expect(parseAttributeValue('null')).toBeNull();
    expect(parseAttributeValue('a=b')).toBe('a=b');
  });

  it('fetches an http(s) datafile', async () => {
    const io = memoryIo({}, { 'https://cdn.example.com/datafiles/k.json': files['nav.json'] });
    await runDecide(
      [
        '--datafile',
        'https://cdn.example.com/datafiles/k.json',
        '--user',
        'u',
        '--flag',
        'no_rollout',
      ],
      io,
    );
    expect(parse(io.lines[0])).toMatchObject({ variationKey: null, enabled: false, ruleKey: null });
  });

  it('reads users from --inputs JSON lines', async () => {
    const inputs = [
      JSON.stringify({ userId: 'qa_user', attributes: {}, flagKey: 'checkout_redesign' }),
      '',
      JSON.stringify({ userId: 'u2', attributes: { country: 'US', age: 30 } }),
    ].join('\n');
    const io = memoryIo({ ...files, 'users.jsonl': inputs });
    await runDecide(['--datafile', 'df.json', '--inputs', 'users.jsonl'], io);
    expect(io.lines).toHaveLength(1 + experimentsDatafile.featureFlags.length);
    expect(parse(io.lines[0]).variationKey).toBe('treatment');
    expect(parse(io.lines[1]).userId).toBe('u2');
  });

  it('prints usage with --help', async () => {
    const io = memoryIo(files);
    await runDecide(['--help'], io);
    expect(io.lines[0]).toMatch(/^Usage:/);
  });

  it.each([
    [[], /--datafile is required/],
    [['--datafile', 'df.json'], /exactly one of --user and --inputs/],
    [
      ['--datafile', 'df.json', '--user', 'u', '--inputs', 'x'],
      /exactly one of --user and --inputs/,
    ],
    [['--datafile', 'df.json', '--user'], /--user needs a value/],
    [['--datafile', 'df.json', '--user', 'u', '--attr', 'novalue'], /--attr needs key=value/],
    [['--datafile', 'df.json', '--user', 'u', '--colour'], /unknown argument "--colour"/],
    [['--datafile', 'df.json', '--datafile', 'x', '--user', 'u'], /--datafile given twice/],
    [
      ['--datafile', 'df.json', '--inputs', 'x', '--attr', 'a=1'],
      /--attr and --cohort go with --user/,
    ],
  ])('rejects bad arguments %j with exit code 2', async (argv, message) => {
    const error = await runDecide(argv, memoryIo(files)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecideCliError);
    expect((error as DecideCliError).exitCode).toBe(2);
    expect((error as DecideCliError).message).toMatch(message);
  });

  it.each([
    [['--datafile', 'missing.json', '--user', 'u'], /cannot read datafile missing.json: ENOENT/],
    [['--datafile', 'bad.json', '--user', 'u'], /invalid datafile bad.json: datafile.version/],
    [['--datafile', 'df.json', '--inputs', 'missing.jsonl'], /cannot read inputs missing.jsonl/],
  ])('reports unreadable or invalid input %j with exit code 1', async (argv, message) => {
    const error = await runDecide(argv, memoryIo(files)).catch((e: unknown) => e);
    expect((error as DecideCliError).exitCode).toBe(1);
    expect((error as DecideCliError).message).toMatch(message);
  });

  it('names the bad --inputs line', async () => {
    const io = memoryIo({
      ...files,
      'users.jsonl': `${JSON.stringify({ userId: 'a' })}\n{"userId": 7}`,
    });
    await expect(
      runDecide(['--datafile', 'df.json', '--inputs', 'users.jsonl'], io),
    ).rejects.toThrow(/inputs line 2: userId must be a string/);
  });
});
