/**
 * `request.log` made on first use. Fastify gives every request a pino child bound to its
 * request id (and, on routes with a `logLevel`, re-levelled); building one — prototype copy,
 * bindings serialized, level methods rebound — costs more than the whole of a cached datafile
 * or OFREP answer, which writes no line. This stand-in keeps the parent, the bindings and the
 * level, and builds the real child only when a line is written at an enabled level: the lines
 * are exactly the child's, and requests that write none pay for none.
 * (Measured in docs/sdks.md, "What the datafile route costs".)
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, LevelWithSilentOrString, Logger } from 'pino';

type Args = [obj: unknown, msg?: string, ...args: unknown[]];

class RequestLogger {
  #child: Logger | undefined;
  #level: LevelWithSilentOrString;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {
    this.#level = options.level ?? parent.level;
  }

  private get real(): Logger {
    return (this.#child ??= this.parent.child(this.bindings, { ...this.options, level: this.#level }));
  }

  get level(): LevelWithSilentOrString {
    return this.#level;
  }

  set level(level: LevelWithSilentOrString) {
    this.#level = level;
    if (this.#child) this.#child.level = level;
  }

  isLevelEnabled(level: LevelWithSilentOrString): boolean {
    const values = this.parent.levels.values;
    const wanted = values[level];
    const least = values[this.#level] ?? Infinity;
    return wanted !== undefined && wanted >= least;
  }

  private write(level: Level, args: Args): void {
    if (this.isLevelEnabled(level)) this.real[level](...args);
  }

  fatal(...args: Args): void { this.write('fatal', args); }
  error(...args: Args): void { this.write('error', args); }
  warn(...args: Args): void { this.write('warn', args); }
  info(...args: Args): void { this.write('info', args); }
  debug(...args: Args): void { this.write('debug', args); }
  trace(...args: Args): void { this.write('trace', args); }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real.child(bindings, options);
  }
}

/** Fastify's `childLoggerFactory` (set only when the server has a pino logger). */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new RequestLogger(logger as Logger, bindings, options);
}
