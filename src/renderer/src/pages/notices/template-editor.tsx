/**
 * Settings → Notices: the templates per language and route — edit with a live preview, save, reset
 * to the built-in text, or add another language. The preview uses the same parser as the engine's
 * PDF.
 */
import {
  Badge,
  Button,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { renderTemplate, templateProblems } from '../../../../shared/notice-template';
import {
  NOTICE_BLOCK_PLACEHOLDERS,
  NOTICE_ROUTES,
  NOTICE_TEXT_PLACEHOLDERS,
  type CentreContact,
  type NoticeRoute,
  type NoticeTemplateInfo,
} from '../../../../shared/notices-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { SaveStatus, type SaveState } from './centre-form';
import { languageLabel } from './language-label';
import { NoticePreview } from './notice-preview';

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** The notice templates per language and route: edit with a live preview, save, reset, add a language. */
export function TemplateEditor({ centre }: { centre: CentreContact | null }) {
  const { t } = useTranslation();
  const api = useApi();
  const [list, setList] = useState<NoticeTemplateInfo[]>([]);
  const [language, setLanguage] = useState('ko');
  const [route, setRoute] = useState<NoticeRoute>('ncii');
  /** Unsaved edits per language/route; the stored (or English) text shows until one is made. */
  const [drafts, setDrafts] = useState<Record<string, { subject: string; body: string }>>({});
  const [newLanguage, setNewLanguage] = useState('');
  const [status, setStatus] = useState<SaveState>(null);

  const load = useCallback(
    () =>
      api
        .call('notices.templates', {})
        .then(setList, (e: unknown) => setStatus({ ok: false, text: errorText(t, e) })),
    [api, t],
  );
  useEffect(() => void load(), [load]);

  const current = list.find((x) => x.language === language && x.route === route);
  const english = list.find((x) => x.language === 'en' && x.route === route);
  const key = `${language}/${route}`;
  const source = current ?? english;
  const subject = drafts[key]?.subject ?? source?.subject ?? '';
  const body = drafts[key]?.body ?? source?.body ?? '';
  const edit = (patch: Partial<{ subject: string; body: string }>) =>
    setDrafts({ ...drafts, [key]: { subject, body, ...patch } });
  const forget = () => {
    const { [key]: _dropped, ...rest } = drafts;
    setDrafts(rest);
  };

  const languages = useMemo(() => {
    const all = [...new Set(list.map((x) => x.language))];
    if (!all.includes(language)) all.push(language);
    return all.map((l) => {
      const edited = list.some((x) => x.language === l && x.customised);
      return {
        value: l,
        label: `${languageLabel(t, l)}${edited ? ` · ${t('notices.settings.customised')}` : ''}`,
      };
    });
  }, [list, language, t]);

  const values = useMemo(
    () => ({
      date: new Intl.DateTimeFormat(LANGUAGE_TAG.test(language) ? language : 'en', {
        dateStyle: 'long',
      }).format(new Date()),
      reference: 'JIUM-20261130-1',
      platform: 'Example Platform',
      host: 'images.example.com',
      count: '2',
      serviceLevelHours: '48',
      'centre.name': centre?.name ?? '',
      'centre.address': centre?.address ?? '',
      'centre.email': centre?.email ?? '',
      'centre.phone': centre?.phone ?? '',
      'centre.website': centre?.website ?? '',
      'centre.signatory': centre?.signatory ?? '',
    }),
    [centre, language],
  );
  const problems = templateProblems(body);
  // A subject is one line of text: only unknown or block placeholders are problems there.
  const subjectProblems = templateProblems(subject).filter((p) => p.code !== 'missing-items');
  const blocks = useMemo(() => renderTemplate(body, values), [body, values]);
  const filledSubject = subject.replace(/\{\{\s*([A-Za-z.]+)\s*\}\}/g, (all, n: string) =>
    n in values ? values[n as keyof typeof values] : all,
  );
  const problemText = (p: (typeof problems)[number]) =>
    t(`notices.settings.problems.${p.code}`, {
      line: 'line' in p ? p.line : 0,
      name: 'name' in p ? `{{${p.name}}}` : '',
      itemsTag: '{{items}}',
    });

  const fail = (e: unknown) => setStatus({ ok: false, text: errorText(t, e) });
  const save = () =>
    api.call('notices.saveTemplate', { language, route, subject, body }).then(() => {
      forget();
      setStatus({ ok: true, text: '' });
      return load();
    }, fail);
  const reset = () =>
    api.call('notices.resetTemplate', { language, route }).then((r) => {
      forget();
      setStatus({ ok: true, text: '' });
      if (r === null) setLanguage('en');
      return load();
    }, fail);

  return (
    <Stack gap="sm" data-testid="notice-templates">
      <Title order={3}>{t('notices.settings.templates')}</Title>
      <Group align="flex-end" gap="md">
        <Select
          label={t('notices.settings.language')}
          data={languages}
          value={language}
          onChange={(v) => {
            if (!v) return;
            setStatus(null);
            setLanguage(v);
          }}
          allowDeselect={false}
          w={260}
          data-testid="notice-template-language"
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('notices.settings.route')}
          </Text>
          <SegmentedControl
            value={route}
            onChange={(v) => {
              setStatus(null);
              setRoute(v as NoticeRoute);
            }}
            data={NOTICE_ROUTES.map((r) => ({ value: r, label: t(`notices.routes.${r}`) }))}
            data-testid="notice-template-route"
          />
        </Stack>
        {current ? (
          <Badge variant="light" color={current.customised ? 'orange' : 'gray'} mb={6}>
            {!current.builtIn
              ? t('notices.settings.added')
              : current.customised
                ? t('notices.settings.customised')
                : t('notices.settings.builtIn')}
          </Badge>
        ) : null}
      </Group>
      <TextInput
        label={t('notices.settings.subject')}
        value={subject}
        onChange={(e) => edit({ subject: e.currentTarget.value })}
        error={subjectProblems.length ? subjectProblems.map(problemText).join(' ') : undefined}
        data-testid="notice-template-subject"
      />
      <Textarea
        label={t('notices.settings.body')}
        description={t('notices.settings.bodyHint', {
          placeholders: NOTICE_TEXT_PLACEHOLDERS.map((p) => `{{${p}}}`).join(' '),
          itemsTag: `{{${NOTICE_BLOCK_PLACEHOLDERS[0]}}}`,
          evidenceTag: `{{${NOTICE_BLOCK_PLACEHOLDERS[1]}}}`,
        })}
        value={body}
        onChange={(e) => edit({ body: e.currentTarget.value })}
        autosize
        minRows={12}
        maxRows={28}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
        error={problems.length ? problems.map(problemText).join(' ') : undefined}
        data-testid="notice-template-body"
      />
      <Group>
        <Button
          onClick={() => void save()}
          disabled={problems.length > 0 || subjectProblems.length > 0}
          data-testid="notice-template-save"
        >
          {t('notices.settings.save')}
        </Button>
        {current && (current.customised || !current.builtIn) ? (
          <Button
            variant="default"
            onClick={() => void reset()}
            data-testid="notice-template-reset"
          >
            {current.builtIn ? t('notices.settings.reset') : t('notices.settings.remove')}
          </Button>
        ) : null}
        <SaveStatus status={status} testId="notice-template-status" />
      </Group>
      <Text size="sm" fw={500} mt="sm">
        {t('notices.settings.preview')}
      </Text>
      <NoticePreview subject={filledSubject} blocks={blocks} lang={language} />
      <Group align="flex-end" mt="sm">
        <TextInput
          label={t('notices.settings.addLanguage')}
          description={t('notices.settings.addLanguageHint')}
          value={newLanguage}
          onChange={(e) => setNewLanguage(e.currentTarget.value.trim())}
          error={
            newLanguage && !LANGUAGE_TAG.test(newLanguage)
              ? t('notices.settings.badLanguage')
              : undefined
          }
          w={260}
          data-testid="notice-add-language"
        />
        <Button
          variant="default"
          disabled={!LANGUAGE_TAG.test(newLanguage)}
          onClick={() => {
            setLanguage(newLanguage);
            setNewLanguage('');
            setStatus(null);
          }}
          mb={newLanguage && !LANGUAGE_TAG.test(newLanguage) ? 22 : 0}
          data-testid="notice-add-language-button"
        >
          {t('notices.settings.add')}
        </Button>
      </Group>
    </Stack>
  );
}
