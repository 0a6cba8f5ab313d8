/**
 * Background work is plain idempotent functions (docs/decisions/002-job-queue.md). Running one twice,
 * or killing it halfway and running it again, has the same effect as running it once: progress lives
 * in our own tables (state machines, unique keys), never only in the queue.
 */
export interface SendOptions {
  /** Only one pending job with this key (pg-boss singletonKey). */
  singletonKey?: string;
  startAfter?: Date;
  retryLimit?: number;
}

export interface JobQueue {
  /** Enqueues a job. Call it after the transaction that made the work due has committed. */
  send(name: string, data?: Record<string, unknown>, options?: SendOptions): Promise<void>;
}

export interface JobSummary {
  /** How many things the run handled (charges made, messages sent, loans expired, ...). */
  processed: number;
  detail?: Record<string, number>;
}
