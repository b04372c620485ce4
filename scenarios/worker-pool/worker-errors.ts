// How a task on a worker process can fail. Each error carries a `code`: the driver counts failed ops
// by it (WORKER_CRASHED, TASK_TIMEOUT...), and the task runner retries only crashes and hangs.

/** Errors carry a `code`: the driver counts failed ops by it. */
class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** The worker process died (crashed, was killed) before answering. */
export class WorkerCrashedError extends CodedError {
  constructor(message: string) {
    super('WORKER_CRASHED', message);
  }
}

/** The worker did not answer within --task-timeout: it was killed. */
export class TaskTimeoutError extends CodedError {
  constructor(ms: number) {
    super('TASK_TIMEOUT', `worker did not answer within ${ms} ms (--task-timeout); killed it`);
  }
}

/** The worker never printed its ready line (could not start, died, or took too long). */
export class WorkerStartError extends CodedError {
  constructor(message: string) {
    super('WORKER_START_FAILED', message);
  }
}

/** The worker answered with an error (a bad expression: a bug in the harness, never expected). */
export class TaskError extends CodedError {
  constructor(message: string) {
    super('TASK_ERROR', message);
  }
}
