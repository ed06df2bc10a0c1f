/**
 * i18next set-up: English and Korean resources bundled in (no network), the first language from
 * the user's saved choice, else the OS/browser locale. Keeps <html lang> and the title in step.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { ko } from './ko';

export const LANGUAGES = ['ko', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'jium.language';

/** Picks the language: a saved choice wins; else Korean for any ko* locale, English otherwise. */
export function pickLanguage(saved: string | null, locales: readonly string[]): Language {
  if (saved === 'ko' || saved === 'en') return saved;
  const first = locales[0]?.toLowerCase() ?? '';
  return first.startsWith('ko') ? 'ko' : 'en';
}

function savedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Switches the language and remembers the choice for the next start. */
export async function setLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage can be unavailable (private mode); the switch still applies to this session.
  }
  await i18next.changeLanguage(language);
}

/** The current language, narrowed to the two we ship. */
export function currentLanguage(): Language {
  return i18next.resolvedLanguage === 'ko' ? 'ko' : 'en';
}

function applyToDocument(language: string): void {
  document.documentElement.lang = language;
  document.title = i18next.t('app.title');
}

/** Initialises i18next once, before the first render. */
export async function initI18n(): Promise<void> {
  const lng = pickLanguage(savedLanguage(), navigator.languages ?? [navigator.language]);
  i18next.on('languageChanged', applyToDocument);
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng,
    fallbackLng: 'en',
    supportedLngs: LANGUAGES,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyToDocument(lng);
}
