/** English strings of the settings sections and the first-run checklist (spread into en.ts). */
export const shellEn = {
  settingsSections: {
    label: 'Settings sections',
    general: 'General',
    accounts: 'Accounts',
    centre: 'Centre details',
    'time-zone': 'Time zone',
    notices: 'Notices',
    review: 'Review',
    audit: 'Audit log',
    workers: 'Crawl workers',
  },
  firstRun: {
    nav: 'Getting started',
    title: 'Getting started',
    intro:
      'Four things get this centre ready for its first week. Each ticks itself once done, and this list goes away when all four are.',
    progress: '{{done}} of {{total}} done',
    done: 'Done',
    steps: {
      accounts: {
        title: 'Create your team’s accounts',
        body: 'One account per person: counsellors register cases, monitors crawl and review, staff send takedown requests.',
        action: 'Open Accounts',
      },
      centre: {
        title: 'Fill in the centre’s details',
        body: 'Name, address and contact, in each language you send notices in; they are printed on every takedown notice.',
        action: 'Open Centre details',
      },
      site: {
        title: 'Add the first site to watch',
        body: 'A monitor (or you) adds a site and runs its first crawl.',
        action: 'Open Crawls',
      },
      case: {
        title: 'Register the first case',
        body: 'A counsellor registers the first case with the victim’s consent and reference images.',
        action: 'Open Cases',
      },
    },
  },
};
