import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { lazyChildLogger } from './request-logger.js';

function capture(level = 'info'): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _encoding, done) { chunks.push(chunk.toString()); done(); } });
  const logger = pino({ level, base: null, timestamp: false }, stream);
  return { logger, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('the lazy request logger', () => {
  it('writes the very lines pino\'s child would, bindings first', () => {
    const lazy = capture();
    const eager = capture();
    const log = lazyChildLogger(lazy.logger, { reqId: 'r-1' }, {});
    const child = eager.logger.child({ reqId: 'r-1' });
    for (const l of [log, child]) {
      l.info({ status: 200 }, 'request');
      l.error({ err: new Error('boom') }, 'failed');
      l.warn('plain %s', 'text');
    }
    expect(lazy.lines()).toEqual(eager.lines());
    expect(lazy.lines()[0]).toMatchObject({ reqId: 'r-1', status: 200, msg: 'request', level: 30 });
  });

  it('builds no child until a line is written at an enabled level', () => {
    const { logger, lines } = capture('info');
    const child = vi.spyOn(logger, 'child');
    const log = lazyChildLogger(logger, { reqId: 'r-2' }, {});
    expect(log.level).toBe('info');
    log.debug('not written');
    log.trace('not written');
    expect(child).not.toHaveBeenCalled();
    log.info('written');
    log.info('written again');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines().map((l) => l.msg)).toEqual(['written', 'written again']);
  });

  it('honours a route\'s logLevel without building a child, and a level set later', () => {
    const { logger, lines } = capture('info');
    const child = vi.spyOn(logger, 'child');
    const log = lazyChildLogger(logger, { reqId: 'r-3' }, { level: 'warn' });
    expect(log.level).toBe('warn');
    log.info('quiet route: not written');
    expect(child).not.toHaveBeenCalled();
    log.error('written');
    expect(lines()).toEqual([{ level: 50, reqId: 'r-3', msg: 'written' }]);
    log.level = 'debug';
    log.debug('now written');
    expect(lines().at(-1)).toMatchObject({ level: 20, msg: 'now written' });
  });

  it('is silent at level silent, and its children carry both bindings', () => {
    const { logger, lines } = capture('info');
    lazyChildLogger(logger, { reqId: 'r-4' }, { level: 'silent' }).fatal('never');
    expect(lines()).toEqual([]);
    lazyChildLogger(logger, { reqId: 'r-5' }, {}).child({ job: 'fold' }).info('nested');
    expect(lines()).toEqual([{ level: 30, reqId: 'r-5', job: 'fold', msg: 'nested' }]);
  });
});
