/**
 * Reports domain (issue 8, decision 0076): the period report of takedown work — requests sent,
 * removed and pending, median and 90th-percentile time to removal, compliance per host,
 * re-uploads — built on takedowns/stats.ts, with charts as self-contained SVG shown on screen and
 * printed into the PDF, in Korean and English. It owns no tables.
 */
export { reportHandlers } from './handlers';
export { bands, BANDS, granularityOf, periodReport, timeline } from './period';
export { renderCharts } from './charts';
export { reportHtml } from './report-html';
