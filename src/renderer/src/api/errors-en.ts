/**
 * English words for the engine's errors (spread into en.ts as `errors`): one per code, one per
 * reason (src/shared/errors.ts API_ERROR_REASONS) and one per field issue (ISSUE_CODES).
 */
export const errorsEn = {
  validation: 'Some fields need attention.',
  unauthenticated: 'Your session has ended. Please sign in again.',
  forbidden: 'Your role does not allow this.',
  'not-found': 'That record could not be found.',
  conflict: 'This cannot be done as things are now. Reload and try again.',
  'unknown-method': 'This version of Jium does not know how to do that.',
  'case-file': 'The case file cannot be used right now.',
  internal: 'Something went wrong inside Jium. Please try again.',
  setupConflict: 'This case file already has an administrator. Please sign in instead.',
  checkFields: 'Check the fields marked in red.',
  reasons: {
    locked: 'Jium locked after idle time. Enter your password to unlock it.',
    'no-master-key':
      'Cases are locked: Jium was started without a passphrase. Start it again with one (JIUM_PASSPHRASE or --passphrase-file) to open cases.',
    'wrong-key': 'The passphrase Jium was started with does not open this case file.',
    'keys-other-way':
      'This case file’s keys are protected another way (a passphrase, or this computer’s key store). Open it the way it was set up.',
    'newer-case-file':
      'This case file was written by a newer Jium. Update Jium to open it; the file was not changed.',
    'username-taken': 'That username is taken. Choose another one.',
    'last-admin': 'The last active administrator cannot be disabled or given another role.',
    'site-name-taken': 'A site with this name exists already. Choose another name.',
    'platform-name-taken': 'A platform with this name exists already. Choose another name.',
    'host-taken': 'A host is already registered to another platform.',
    'locked-out':
      'Too many wrong passwords for this account: sign-in is paused for up to 15 minutes. An administrator can see the attempts in the audit log.',
    'too-many-attempts':
      'Too many password attempts from this computer. Wait a minute, then try again.',
  },
  issues: {
    required: 'Fill this in.',
    'too-short': 'Use at least {{min}} characters.',
    'too-long': 'Use at most {{max}} characters.',
    'too-few': 'Give at least {{min}}.',
    'too-many': 'Give at most {{max}}.',
    'too-small': 'Use {{min}} or more.',
    'too-big': 'Use {{max}} or less.',
    email: 'Enter an e-mail address such as abuse@example.com.',
    url: 'Enter a web address that starts with http:// or https://.',
    format: 'This is not in the expected form.',
    choice: 'Choose one of the options.',
    type: 'This value is of the wrong kind.',
    'unknown-key': 'Jium does not know this field ({{keys}}).',
    taken: 'That is taken already.',
    'refused-address': 'The address guards refuse {{value}}.',
    'loopback-only': 'Only this computer’s own address (127.0.0.1) can be allowed.',
    'wrong-password': 'The current password is wrong.',
    invalid: 'This value is not valid.',
  },
};
