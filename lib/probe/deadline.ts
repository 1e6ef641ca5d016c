// Time limits of one probe: a budget for the whole probe and one per step.

export class Deadline {
  private readonly end: number;
  constructor(
    totalMs: number,
    private readonly stepMs: number,
  ) {
    this.end = Date.now() + totalMs;
  }
  remaining() {
    return this.end - Date.now();
  }
  /** The time a step may take: its own time-out, within what is left of the whole probe. */
  step() {
    return Math.max(0, Math.min(this.stepMs, this.remaining()));
  }
}

export function timeout<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout?: () => void,
): Promise<{ value: T } | { error: unknown } | "timeout"> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      onTimeout?.();
      resolve("timeout");
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve({ value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ error });
      },
    );
  });
}
