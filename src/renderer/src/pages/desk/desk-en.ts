/** English strings of the desktop app's first-start question (spread into en.ts as `desk`). */
export const deskEn = {
  title: 'Where does this desk work?',
  intro:
    'Choose once; Jium remembers it. You can change it later from the File menu (Change Desk).',
  local: {
    title: 'On this computer',
    body: 'Cases, crawls and takedowns live in a case file on this computer, as on a single-desk centre.',
    button: 'Use this computer',
  },
  centre: {
    title: "Connect to the centre's server",
    body: "Counsellors, monitors and staff at different desks share the centre's case file. Ask the centre's administrator for the server's address and its key fingerprint (jium serve prints both).",
    address: 'Server address',
    addressHint: 'For example jium.centre.lan:8443 or 192.168.0.10:8443',
    fingerprint: 'Key fingerprint (SHA-256)',
    fingerprintHint: '32 pairs such as 4F:A2:…, exactly as the server printed it',
    check: 'Check connection',
    connect: 'Connect',
    checking: 'Connecting to the server…',
  },
  ok: 'The server holds the key with this fingerprint. Connect to open its sign-in page.',
  restarting: 'Saved. Jium starts again to open your choice…',
  problem: {
    empty: 'Enter the server’s address.',
    'not-https': 'Jium connects to the centre over HTTPS only. Enter the address without http://.',
    'has-path': 'Enter only the server’s name or address and its port, without a path.',
    'bad-address': 'This is not a server address. Check for spaces or typing mistakes.',
    'bad-fingerprint':
      'This is not a complete fingerprint: it has 32 pairs of letters and digits (64 characters).',
    'wrong-certificate':
      'Do not connect: the server at this address shows a different key. Someone may be pretending to be the centre, or the server was set up again. Ask the centre’s administrator. The key it showed:',
    unreachable:
      'The server does not answer at this address. Check the address and that the server is running, then try again.',
    'bad-request': 'Jium could not read this request. Start Jium again.',
  },
};
