/**
 * The hash pool's worker thread (hash-pool.ts, decision 0057): fingerprints the bodies the crawl
 * sends it with the same `fingerprint` as every other caller. Built beside the crawl worker.
 */
import { workerData } from 'node:worker_threads';
import { serveIfPoolWorker } from './hash-pool';

serveIfPoolWorker(workerData);
