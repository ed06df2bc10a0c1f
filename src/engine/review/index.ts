/**
 * Review domain (issue 7): the one queue monitors work through — one item per case (or imported
 * hash list) and found content (SHA-256), however many pages carry it, kept by triggers on
 * crawl_matches, the one table of matches (migrations v05-review, v17-one-match-model, v18-one-queue);
 * priority ordering, filters and counts answered by indexes; blurred greyscale pictures (and the
 * queue rows' thumbnails, made from them: thumbnails.ts) with audited reveal; confirm / reject /
 * unsure decisions (batches, append-only, undoable) that keep crawl_matches.review_state in step,
 * open or withdraw takedown requests, and remember rejected images so the crawler never queues
 * them again for that case; per-user settings (blur, break
 * reminder) and the reviewer's daily count; a crawled video's match as its segments over the
 * keyframes the crawl kept, one frame revealed at a time (video-strip.ts). See
 * docs/decisions/0050-0052, 0091 and 0107. SQL through the `sql` template (decision 0093): the queue's
 * writes in decision-queries.ts, its reads and review_settings in queries.ts, the reject memory in
 * rejected.ts; a match's review state is written by matches/review-state.ts.
 */
export { reviewHandlers } from './handlers';
export { decide, undoLast } from './decide';
export { setUrgency } from './decision-queries';
export { listQueue, countQueue, windowSql, whereOf } from './queries';
export { rejectedBefore, NEAR_IDENTICAL_PDQ } from './rejected';
