/** English words of the crawl log's kinds and the progress bar (spread into en.ts as `crawlLog`). */
export const crawlLogEn = {
  title: 'What happened',
  count_one: '{{count}} time',
  count_other: '{{count}} times',
  showRaw: 'Show the lines',
  hideRaw: 'Hide the lines',
  raw: 'Code',
  progress: '{{done}} of {{known}} addresses done',
  running: 'running {{time}}',
  ran: 'ran {{time}}',
  rate: '{{rate}} per minute',
  kinds: {
    'blocked-address': {
      title: 'Blocked address',
      body: 'The address guards refused a private or local address (Jium never crawls the centre’s own network).',
    },
    timeout: {
      title: 'Timed out',
      body: 'The server did not answer in time. Jium tried again a few times.',
    },
    network: {
      title: 'Could not connect',
      body: 'The connection failed or was not secure.',
    },
    'http-missing': {
      title: 'Page not found',
      body: 'The server said the page or picture does not exist (404 or 410).',
    },
    'http-refused': {
      title: 'Refused by the server',
      body: 'The server refused the request (for example 403: a login may be needed).',
    },
    'http-server': {
      title: 'Server busy or failing',
      body: 'The server was overloaded or failed (429 or 5xx). Jium waited and tried again.',
    },
    robots: {
      title: 'Not allowed by robots.txt',
      body: 'The site asks crawlers not to read these addresses, and this site respects that.',
    },
    'out-of-scope': {
      title: 'Outside this site',
      body: 'The address is on another host or path than the site allows, or is not a web address.',
    },
    'not-an-image': {
      title: 'Not an image',
      body: 'What came back was not a picture (often a web page served instead).',
    },
    decoder: {
      title: 'Picture could not be read',
      body: 'The picture is damaged, cut short, or in a format Jium cannot decode.',
    },
    'too-large': {
      title: 'Too large',
      body: 'The file or picture is larger than the limits allow, so it was not read.',
    },
    trap: {
      title: 'Endless links skipped',
      body: 'Addresses that looked like a link trap (a calendar or an endless list) were not followed.',
    },
    limit: {
      title: 'Page limit reached',
      body: 'The site’s page or depth limit was reached; further addresses were not followed.',
    },
    video: {
      title: 'Video problems',
      body: 'A video or one of its parts could not be read.',
    },
    browser: {
      title: 'Browser problems',
      body: 'The built-in browser could not show a page or take its screenshot.',
    },
    'failed-run': {
      title: 'Crawl could not start',
      body: 'No start page could be fetched.',
    },
    match: {
      title: 'Matches found',
      body: 'Pictures that match a case’s reference images; they wait in Review.',
    },
    fetched: {
      title: 'Read',
      body: 'Pages and pictures read (or already known and unchanged).',
    },
    run: {
      title: 'Crawl started, paused or ended',
      body: 'Changes of the crawl’s own state.',
    },
    other: {
      title: 'Other',
      body: 'Lines without a plainer description yet; their code is shown.',
    },
  },
};
