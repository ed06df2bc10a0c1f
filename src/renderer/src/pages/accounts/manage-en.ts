/**
 * English strings of the account and case follow-ups (spread into en.ts as `manage`): own
 * password, admin reset/role, idle-lock warning, case reassignment, identity edit, image removal.
 */
export const manageEn = {
  password: {
    title: 'Your password',
    description: 'Change the password you sign in with. Use at least 10 characters.',
    current: 'Current password',
    next: 'New password',
    repeat: 'New password again',
    mismatch: 'The two new passwords are not the same.',
    save: 'Change password',
    saved: 'Your password was changed.',
    wrongCurrent: 'The current password is wrong.',
    tooShort: 'Use at least 10 characters.',
  },
  accounts: {
    newName: 'The new person’s name',
    newNameHint: 'Shown to colleagues and in the audit log.',
    newPassword: 'Their first password',
    newPasswordHint:
      'At least 10 characters. Give it to them in person; they can change it in Settings.',
    roleChanged: 'Role changed. {{name}} has been signed out everywhere.',
    reset: 'Reset password',
    resetTitle: 'New password for {{name}}',
    resetBody: 'Give the new password to {{name}} in person. They can change it in Settings.',
    resetSave: 'Set new password',
    resetDone: 'Password of {{name}} reset.',
    you: 'you',
    lastAdmin: 'The last active administrator cannot be disabled or given another role.',
  },
  idle: {
    title: 'Still there?',
    body: 'Jium locks in {{seconds}} seconds because nothing was done for a while. Locking protects victims’ data if you have stepped away.',
    stay: 'Stay signed in',
    lockNow: 'Lock now',
  },
  assign: {
    label: 'Counsellor',
    done: 'The case is now assigned to {{name}}.',
  },
  identity: {
    edit: 'Edit',
    save: 'Save identity',
    cancel: 'Cancel',
    saved: 'Identity saved.',
  },
  image: {
    remove: 'Remove',
    title: 'Remove this reference image?',
    body: 'Its fingerprints and its encrypted original are deleted from the case file, and crawls will no longer look for it. Matches already found for it are removed too. This is recorded in the audit log and cannot be undone.',
    confirm: 'Remove image',
    cancel: 'Keep it',
  },
};
