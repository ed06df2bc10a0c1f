/**
 * English strings. Every visible string of the renderer lives here and in ko.ts; the two must have
 * the same keys (checked by the type of ko.ts and by i18n.test.ts).
 */
import { auditSentencesEn } from '../pages/audit/audit-sentences-en';
import { crawlLogEn } from '../pages/crawls/crawl-log-en';
import { videosEn } from '../pages/cases/videos-en';
import { deskEn } from '../pages/desk/desk-en';
import { workersEn } from '../pages/workers/workers-en';
import { shellEn } from '../shell/shell-en';
import { errorsEn } from '../api/errors-en';
import { crawlsEn } from '../pages/crawls/crawls-en';
import { manageEn } from '../pages/accounts/manage-en';
import { reviewEn } from '../pages/review/review-en';
import { noticesEn } from '../pages/notices/notices-en';
import { exchangeEn } from '../pages/exchange/exchange-en';
import { reportsEn } from '../pages/reports/reports-en';
import { takedownsEn } from '../pages/takedowns/takedowns-en';
export const en = {
  app: {
    name: 'Jium',
    nameKo: '지움',
    title: 'Jium 지움',
    loading: 'Opening Jium…',
  },
  language: {
    label: 'Language',
    ko: '한국어',
    en: 'English',
    menuLabel: 'Change language',
  },
  roles: {
    admin: 'Administrator',
    counsellor: 'Counsellor',
    monitor: 'Monitor',
    staff: 'Staff',
  },
  noToken: {
    title: 'Open Jium from its address',
    body: 'This page needs the private address that Jium printed when it started. Without it, Jium cannot tell that this browser is allowed in.',
    step1: 'Find the terminal where you ran <code>jium serve</code>.',
    step2:
      'Copy the whole line that starts with <code>Open:</code>, including <code>?token=…</code>',
    step3: 'Paste it into this browser’s address bar.',
    note: 'The address works only on this computer and only while that Jium is running.',
    example: 'Open: http://127.0.0.1:…/?token=…',
  },
  unreachable: {
    title: 'Jium is not answering',
    body: 'The page could not reach the Jium that served it. It may have been stopped. Start it again and open the new address it prints.',
    retry: 'Try again',
  },
  setup: {
    title: 'Set up this case file',
    intro:
      'Create the first administrator account. You can add counsellors, monitors and staff after signing in.',
    caseFile: 'Case file',
    submit: 'Create administrator and sign in',
    fields: {
      displayName: {
        label: 'Your name',
        description: 'Shown to colleagues and in the audit log.',
        invalid: 'Enter a name of up to 80 characters.',
      },
      username: {
        label: 'Username',
        description: 'Lowercase letters, digits, dot, dash and underscore; 3 to 40 characters.',
        invalid: 'Use 3 to 40 lowercase letters, digits, dots, dashes or underscores.',
      },
      password: {
        label: 'Password',
        description: 'At least 10 characters. A long passphrase is easiest to remember.',
        invalid: 'The password needs at least 10 characters.',
      },
      confirm: {
        label: 'Repeat the password',
        mismatch: 'The two passwords are not the same.',
      },
    },
  },
  signIn: {
    title: 'Sign in',
    intro: 'Use the account your administrator gave you.',
    submit: 'Sign in',
    wrong: 'The username or password is wrong, or the account is disabled.',
    fields: {
      username: { label: 'Username' },
      password: { label: 'Password' },
    },
  },
  errors: errorsEn,
  nav: {
    label: 'Areas',
    cases: 'Cases',
    crawls: 'Crawls',
    review: 'Review',
    takedowns: 'Takedowns',
    settings: 'Settings',
  },
  header: {
    caseFile: 'Case file',
    signOut: 'Sign out',
    signedInAs: 'Signed in as {{name}}',
  },
  areas: {
    cases: {
      title: 'No cases yet',
      description:
        'Each victim you support becomes a case here, with a pseudonymous code and the reference images they agreed to share. Start by registering the first case.',
      hint: 'Only counsellors can see a victim’s identity; everyone else sees the case code.',
    },
    crawls: {
      title: 'No crawls yet',
      description:
        'Crawls search the sites you choose for re-uploads of registered images. Start by adding a site to watch, then run the first crawl.',
      hint: 'Crawls run in the background; you can keep working while they search.',
    },
    review: {
      title: 'Nothing to review',
      description:
        'Possible matches found by crawls will wait here for your decision. When a crawl finds something, it appears here first.',
      hint: 'Previews will be blurred and in greyscale until you choose to look closer.',
    },
    takedowns: {
      title: 'No takedown requests yet',
      description:
        'Confirmed matches become takedown requests to platforms. Start from a confirmed match in Review; each request is tracked here until the content is gone.',
      hint: 'Requests never include the victim’s identity.',
    },
  },
  settings: {
    title: 'Settings',
    language: {
      title: 'Language',
      description: 'Jium follows your computer’s language until you choose one here.',
    },
    caseFile: {
      title: 'Case file',
      description: 'All cases, matches and the audit log of this centre are kept in this one file.',
      path: 'Location',
      schemaVersion: 'Format version',
      createdAt: 'Created',
      fileId: 'File ID',
    },
    wellbeing: {
      title: 'Looking after yourself',
      description:
        'Image previews will be blurred and in greyscale by default; you choose when to see more. Short, regular breaks help on long review days.',
    },
    about: {
      title: 'About',
      version: 'Version',
      host: 'Running as',
      hostElectron: 'Desktop app',
      hostHeadless: 'Headless host (browser)',
    },
  },
  cases: {
    new: 'New case',
    create: 'Register case',
    cancel: 'Cancel',
    search: 'Search by case code',
    searchWithName: 'Search by case code or name',
    allStatuses: 'All statuses',
    none: 'No cases yet.',
    code: 'Case',
    statusLabel: 'Status',
    counsellor: 'Counsellor',
    images: 'Reference images',
    consentLabel: 'Consent',
    status: { open: 'Open', monitoring: 'Monitoring', closed: 'Closed' },
    consent: {
      searchWeb: 'Search the web for the images',
      fileTakedowns: 'File takedown requests on the victim’s behalf',
      storageLabel: 'Original images',
      storage: {
        originals: 'Keep originals (encrypted)',
        'hashes-only': 'Keep fingerprints only',
      },
      searchShort: 'Search',
      takedownShort: 'Takedowns',
      note: 'Recorded with today’s date and your name.',
      recorded: 'Recorded {{at}} by {{by}}',
      edit: 'Change consent',
      save: 'Save consent',
    },
    identity: {
      title: 'Victim',
      name: 'Name',
      contact: 'Contact',
      notes: 'Notes',
      sealedNote: 'Encrypted on this computer; only counsellors can read it.',
      show: 'Show identity',
      hide: 'Hide',
      hiddenNote: 'Hidden. Showing it is recorded in the audit log.',
      notForRole:
        'The victim’s identity is visible to counsellors only. This case is known here by its code.',
    },
    timeline: {
      title: 'Contact timeline',
      placeholder: 'A call, a message, a meeting…',
      add: 'Add',
    },
    add: {
      drop: 'Drop image files or whole folders here',
      privacy: 'Images are fingerprinted on this computer and never uploaded.',
      pickFiles: 'Choose files',
      pickFolder: 'Choose a folder',
      summary:
        '{{done}} of {{total}} files: {{added}} fingerprinted, {{duplicate}} already there, {{rejected}} not usable',
      alsoIn: 'Also in {{codes}}',
      retro: 'Checked against {{checked}} images already crawled: {{toReview}} to review',
      retroVerify: 'Checked against {{checked}} images already crawled: {{toVerify}} to verify',
      duplicateNote: 'This picture is already among the reference images of {{code}}.',
      status: {
        added: 'Fingerprinted',
        duplicate: 'Already added',
        rejected: 'Not usable',
        error: 'Failed',
      },
      reason: {
        'not-an-image': 'Not an image file',
        truncated: 'The file is cut off (incomplete download?)',
        corrupt: 'The image data is damaged',
        'too-large': 'The file is too large',
        'too-many-pixels': 'The image has too many pixels',
        'unsupported-format': 'This image format is not supported',
        'not-a-file': 'Not a file (a device, pipe or folder): choose an image file',
        'io-error': 'The file could not be read',
      },
    },
    imageGrid: {
      hashOnly: 'Fingerprints only (no original kept)',
      reveal: 'Reveal (recorded)',
      added: 'Added {{date}}',
      countOnly: '{{count}} reference images (not shown to this role).',
      hardToFind: {
        'low-contrast':
          'This picture is very dark or has little contrast. Copies are still searched for, under a stricter check, but heavily edited copies may be missed. A brighter version of the same picture, if there is one, is easier to find.',
        flat: 'This picture has almost no visible detail. Only exact copies (the same file or the same pixels) can be found; edited copies will be missed.',
        small:
          'This picture is very small. Only exact copies (the same file or the same pixels) can be found; a larger version of it, if there is one, is easier to find.',
        'inner-picture':
          'If this image is a screenshot (of a post, a chat or a web page), the picture shown inside it may be missed when it is re-posted on its own: Jium matches the whole screenshot. If you have that picture by itself, register it too.',
      },
    },
    delete: {
      button: 'Delete case',
      title: 'Delete {{code}}?',
      body: 'Its key is destroyed and with it the identity, timeline, images and fingerprints. This cannot be undone. The audit log will record that the case was deleted.',
      confirm: 'Type {{code}} to confirm',
      submit: 'Delete for good',
    },
  },
  accounts: {
    title: 'Accounts',
    new: 'New account',
    role: 'Role',
    create: 'Create account',
    created: 'Account created.',
    active: 'Active',
  },
  audit: {
    title: 'Audit log',
    verify: 'Check the chain',
    ok: 'The chain holds: {{count}} entries, none changed or missing.',
    broken: 'The chain is broken at entry {{seq}}: {{reason}}',
    when: 'When',
    who: 'Who',
    what: 'What',
    record: 'Record',
    actions: {
      auth_signIn: 'Signed in',
      auth_signIn_failed: 'Sign-in failed',
      auth_signOut: 'Signed out',
      auth_changePassword: 'Password changed',
      accounts_resetPassword: 'Password reset by an administrator',
      access_refused: 'Refused: not allowed for this role',
      accounts_create: 'Account created',
      accounts_update: 'Account changed',
      audit_verify: 'Audit chain checked',
      auth_setup: 'Case file set up (first administrator)',
      auth_lock: 'Locked after inactivity',
      auth_unlock: 'Unlocked',
      auth_unlock_failed: 'Unlock failed (wrong password)',
      cases_create: 'Case registered',
      cases_assign: 'Case handed to another counsellor',
      cases_delete: 'Case deleted (key destroyed)',
      cases_private_read: 'Identity opened',
      images_add: 'Reference image added',
      images_remove: 'Reference image removed',
      images_reveal: 'Image revealed',
      images_names_read: 'Image file names opened',
      crawl_start: 'Crawl started',
      crawl_resume: 'Crawl resumed',
      crawl_cancel: 'Crawl cancelled',
      crawl_scheduled: 'Scheduled crawl started',
      'crawl_retro-verify': 'Earlier finds fetched again to verify',
      crawl_site_create: 'Site added',
      crawl_site_update: 'Site changed',
      crawl_site_delete: 'Site deleted',
      crawl_site_archive: 'Site archived',
      crawl_site_unarchive: 'Site brought back',
      crawl_site_secrets: 'Site login secrets changed',
      'crawl_robots-override': 'robots.txt ignored for a site',
      'crawl_allow-addresses': 'Loopback address allowed for a site',
      review_decide: 'Review decision',
      review_undo: 'Review decision undone',
      review_reveal: 'Match picture revealed',
      review_urgency: 'Case urgency changed',
      takedown_state: 'Takedown request moved on',
      takedown_edit: 'Takedown request edited',
      takedown_resend: 'Takedown request sent again',
      takedown_recheck: 'Page re-checked',
      takedown_settings: 'Service level changed',
      takedown_platform_create: 'Platform added to the registry',
      takedown_platform_update: 'Platform changed',
      takedown_platform_delete: 'Platform removed from the registry',
      takedowns_export: 'Takedown requests exported',
      notices_export: 'Notice PDF made',
      notices_template_save: 'Notice template saved',
      notices_template_reset: 'Notice template reset',
      notices_centre_save: 'Centre details saved',
      reports_export: 'Report PDF made',
      exchange_export: 'Hash list exported',
      exchange_list_import: 'Hash list imported',
      exchange_list_enable: 'Hash list turned on',
      exchange_list_disable: 'Hash list turned off',
      exchange_list_delete: 'Hash list deleted',
      exchange_match_review: 'Hash-list match decided',
      exchange_list_distance: 'Hash list distance changed',
      exchange_list_quarantine: 'Hash list quarantined',
      exchange_entry_quarantine: 'Hash-list entry quarantined',
      exchange_list_release: 'Hash list released',
      exchange_entry_release: 'Hash-list entry released',
    },
  },
  crawls: crawlsEn,
  crawlLog: crawlLogEn,
  auditSentences: auditSentencesEn,
  ...shellEn,
  review: reviewEn,
  takedowns: takedownsEn,
  reports: reportsEn,
  exchange: exchangeEn,
  notices: noticesEn,
  manage: manageEn,
  videos: videosEn,
  desk: deskEn,
  workers: workersEn,
  lock: {
    title: 'Locked',
    body: 'Jium locked after a while without activity. {{name}}, enter your password to continue.',
    unlock: 'Unlock',
    wrong: 'Wrong password.',
    signOut: 'Sign out instead',
  },
};

/** The shape both languages share: the same keys, string leaves. */
export type Messages = Shape<typeof en>;
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
