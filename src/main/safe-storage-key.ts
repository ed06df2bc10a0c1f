import { safeStorage } from 'electron';
import type { MasterKeyProvider } from '../engine';

/**
 * The desktop app's master-key provider: the master key is encrypted with Electron's safeStorage
 * (Keychain on macOS, DPAPI on Windows, the Secret Service/kwallet on Linux), so the case file
 * alone, copied off a stolen laptop, does not open without the user's OS login.
 */
export function safeStorageKeyProvider(): MasterKeyProvider {
  const check = () => {
    if (!safeStorage.isEncryptionAvailable())
      throw new Error('The operating system key store is not available to protect the case keys.');
    // On Linux without a keyring Electron falls back to a fixed key: that protects nothing.
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')
      throw new Error(
        'No OS key store (Secret Service or kwallet) is running: case keys cannot be protected.',
      );
  };
  return {
    kind: 'os-keystore',
    async protect(masterKey) {
      check();
      return safeStorage.encryptString(masterKey.toString('base64'));
    },
    async recover(blob) {
      check();
      return Buffer.from(safeStorage.decryptString(blob), 'base64');
    },
  };
}
