/**
 * Per-request loggers made on first use: Fastify gives every request a pino child logger (bindings
 * serialised, redaction set up), which cost a measurable share of a /api/tokens/info that logs nothing.
 * A request that writes no line never creates one; one that does gets the same child as before.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
const VALUES: Record<Level, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

class LazyChild {
  private made?: FastifyBaseLogger;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
  ) {}

  private real(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings));
  }

  get level(): string {
    return (this.made ?? this.parent).level;
  }

  set level(level: string) {
    this.real().level = level;
  }

  /** pino's numeric level (read by the access log). */
  get levelVal(): number {
    return ((this.made ?? this.parent) as unknown as { levelVal: number }).levelVal;
  }

  isLevelEnabled(level: string): boolean {
    return this.levelVal <= (VALUES[level as Level] ?? Infinity);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real().child(bindings, options);
  }

  silent(): void {}
}

for (const level of Object.keys(VALUES) as Level[]) {
  Object.defineProperty(LazyChild.prototype, level, {
    value(this: LazyChild, ...args: unknown[]) {
      if (this.levelVal > VALUES[level]) return;
      const real = (this as unknown as { real(): Record<Level, (...a: unknown[]) => void> }).real();
      real[level](...args);
    },
  });
}

/** Fastify's childLoggerFactory: lazy children, except with per-route options (made at once, as Fastify would). */
export function lazyChildLogger(this: unknown, logger: FastifyBaseLogger, bindings: Bindings, opts: ChildLoggerOptions): FastifyBaseLogger {
  if (opts && Object.keys(opts).length) return logger.child(bindings, opts);
  return new LazyChild(logger, bindings) as unknown as FastifyBaseLogger;
}
