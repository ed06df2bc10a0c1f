/**
 * The points of an image task where the case file's state changes (and the one just before its
 * outcome is written), named so that the kill -9 test can stop a crawl at each of them. Production
 * runs pass no hook: calling it is the only thing a point does.
 */
import type { FrontierRow } from './frontier';

/**
 * In order: the row was claimed (committed in flight); the outcome is about to be queued
 * (fetched and fingerprinted, nothing committed since the claim); the outcome was written (one
 * transaction with the validator, the hashes, the match and the counters, and the outcomes of the
 * tasks batched with it). There is no other commit: the validator used to be saved on its own
 * between the first two (issue 18).
 */
export const IMAGE_TASK_POINTS = ['claimed', 'before-outcome', 'recorded'] as const;

export type ImageTaskPoint = (typeof IMAGE_TASK_POINTS)[number];

/**
 * Called at each point of each image task (tests only). At `before-outcome`, `pending` is how many
 * other tasks' outcomes are queued and not yet committed (outcome-queue.ts: a batch).
 */
export type TaskPointHook = (point: ImageTaskPoint, row: FrontierRow, pending?: number) => void;
