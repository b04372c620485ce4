// What a variant supplies: one timed operation, and what the driver reads around it. The driver owns
// concurrency, duration, warm-up, timing, trials and histograms; a variant never prints, never times itself
// (it uses `info.time()`), never writes files.

/** Facts kept with a result: short strings, numbers and booleans. */
export type Facts = Record<string, string | number | boolean>;

/** What the driver tells each op. */
export interface OpInfo {
  /** 0-based worker index (< concurrency). */
  readonly worker: number;
  /** 0-based op index, unique across workers within one measured window or phase. */
  readonly iteration: number;
  /** The phase being run, for scenarios with phases. */
  readonly phase?: string;
  /** Times a step inside the op (e.g. 'connect', 'query') into its own histogram. */
  time<T>(step: string, fn: () => Promise<T>): Promise<T>;
}

/** Connection counts, read before and after each window (the reuse rate comes from `created`). */
export interface PoolGauges {
  /** Connections (processes, sockets) ever created by this variant: a monotonically rising counter. */
  created: number;
  total?: number;
  idle?: number;
  waiting?: number;
}

/** One variant, set up for one concurrency and trial. */
export interface VariantRun {
  /** One timed unit of work. Throwing counts an error of the thrown error's kind (its `code`, else its name). */
  op(info: OpInfo): Promise<void>;
  /** Gauges for the reuse rate; without it the run has no `pool` block. */
  gauges?(): PoolGauges;
  /** What one op is, when it is more than one request (a pipeline of 50 commands). */
  readonly unit?: { name: string; perOp: number };
  /** Called once, halfway through each measured window: the hook for fault injection (kill connections). */
  midpoint?(): Promise<void>;
  /** Warnings about this variant as set up (e.g. a pool larger than the server's connection limit). */
  warnings?(): string[];
  /** Facts about this variant to keep with its runs (TLS version, server-side session count...). */
  details?(): Facts;
  /** Closes what the variant opened (its pool, its clients); called once, also after a failure. */
  teardown?(): Promise<void> | void;
}
