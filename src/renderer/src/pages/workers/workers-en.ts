/** English strings of Settings → Crawl workers (spread into en.ts as `workers`). */
export const workersEn = {
  title: 'Crawl workers',
  intro:
    'Crawl workers are other computers that crawl sites for this centre server. A worker receives only the sites’ settings and the references’ hashes: never names, pictures, case codes, reviews or requests.',
  notCentre:
    'Workers connect to the centre server only (jium serve --listen ADDRESS:PORT, over TLS). This Jium is not serving as one, so no code can be used here.',
  label: 'Worker name',
  labelHint: 'Where the worker runs, e.g. Crawl machine 2',
  create: 'Make a one-time code',
  code: {
    title: 'One-time code for {{label}}',
    once: 'This code is shown only now. It enrols one worker and expires {{expires}}.',
    command: 'On the worker’s computer, run:',
    fingerprint:
      'This server’s key fingerprint (SHA-256): the worker refuses a server with another key.',
    done: 'Done',
  },
  list: {
    title: 'Enrolled workers',
    none: 'No worker has enrolled yet.',
    name: 'Name',
    enrolled: 'Enrolled',
    lastSeen: 'Last contact',
    never: 'Not yet',
    state: 'State',
    active: 'Active',
    revoked: 'Revoked {{at}}',
    revoke: 'Revoke',
  },
  revoke: {
    title: 'Revoke {{label}}?',
    body: 'Its next call to this server is refused, and it cannot enrol again with its old credential. To bring that computer back, make a new code. Change the queue’s Redis password too: a revoked worker that still reaches Redis can take jobs.',
    confirm: 'Revoke the worker',
    cancel: 'Cancel',
    done: '{{label}} is revoked.',
  },
};
