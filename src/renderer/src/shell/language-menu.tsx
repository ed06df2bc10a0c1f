/** The language switch: a small menu showing the current language, each language in its own name. */
import { Button, Menu } from '@mantine/core';
import { IconCheck, IconChevronDown, IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n';

export function LanguageMenu() {
  const { t, i18n } = useTranslation();
  const current: Language = i18n.resolvedLanguage === 'ko' ? 'ko' : 'en';
  return (
    <Menu position="bottom-end" shadow="md" width={160}>
      <Menu.Target>
        <Button
          variant="subtle"
          color="stone"
          size="sm"
          fw={500}
          leftSection={<IconLanguage size={18} stroke={1.6} />}
          rightSection={<IconChevronDown size={14} stroke={1.6} />}
          aria-label={t('language.menuLabel')}
          data-testid="language-menu"
        >
          {t(`language.${current}`)}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('language.label')}</Menu.Label>
        {LANGUAGES.map((lang) => (
          <Menu.Item
            key={lang}
            lang={lang}
            data-testid={`language-${lang}`}
            onClick={() => void setLanguage(lang)}
            rightSection={lang === current ? <IconCheck size={16} stroke={1.8} /> : null}
          >
            {t(`language.${lang}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
