/** English strings of the Reports tab (spread into en.ts as `reports`). */
export const reportsEn = {
  tab: 'Reports',
  intro:
    'What the centre’s takedown work achieved over a period: requests sent, removals, time to removal and how each host complied. Nothing in a report names a case or a victim.',
  from: 'From',
  to: 'To',
  presets: {
    thisMonth: 'This month',
    lastMonth: 'Last month',
    last90: 'Last 90 days',
    thisYear: 'This year',
  },
  language: 'Report language',
  show: 'Show report',
  pdf: 'Download PDF',
  pdfSaved: 'The PDF was saved to your downloads.',
  kpi: {
    sent: 'Requests sent',
    removed: 'Removed',
    pending: 'Pending',
    overdue: 'Overdue',
    median: 'Median time to removal',
    p90: '90th percentile time to removal',
    compliance: 'Removed by the deadline',
    reuploads: 'Re-uploads',
  },
  hostsTable: 'Hosts',
  host: 'Host',
  sent: 'Sent',
  removed: 'Removed',
  pending: 'Pending',
  compliance: 'By deadline',
  median: 'Median',
  p90: '90th percentile',
  noRequests: 'No requests were opened in this period.',
  noneSent:
    '{{opened}} requests were opened in this period and none has been sent yet ({{drafts}} still drafts).',
  dayZone: 'Days run from midnight to midnight in {{zone}} (Settings → Notices → Centre details).',
  hours: '{{value}} h',
  days: '{{value}} d',
  definitions:
    'Time to removal runs from the first sending of a request to its verified removal. A request belongs to the period in which it was opened.',
};
