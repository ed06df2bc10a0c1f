/** The consent form: what the victim agreed to, recorded with date and who recorded it. */
import { Checkbox, Radio, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConsentInput } from '../../../../shared/cases-types';

export function ConsentFields(props: { value: ConsentInput; onChange: (c: ConsentInput) => void }) {
  const { t } = useTranslation();
  const v = props.value;
  return (
    <Stack gap="sm" data-testid="consent-form">
      <Checkbox
        label={t('cases.consent.searchWeb')}
        checked={v.searchWeb}
        onChange={(e) => props.onChange({ ...v, searchWeb: e.currentTarget.checked })}
        data-testid="consent-search"
      />
      <Checkbox
        label={t('cases.consent.fileTakedowns')}
        checked={v.fileTakedowns}
        onChange={(e) => props.onChange({ ...v, fileTakedowns: e.currentTarget.checked })}
        data-testid="consent-takedown"
      />
      <Radio.Group
        label={t('cases.consent.storageLabel')}
        value={v.storage}
        onChange={(s) => props.onChange({ ...v, storage: s as ConsentInput['storage'] })}
      >
        <Stack gap={6} mt={6}>
          <Radio
            value="originals"
            label={t('cases.consent.storage.originals')}
            data-testid="consent-originals"
          />
          <Radio
            value="hashes-only"
            label={t('cases.consent.storage.hashes-only')}
            data-testid="consent-hashes"
          />
        </Stack>
      </Radio.Group>
      <Text size="xs" c="dimmed">
        {t('cases.consent.note')}
      </Text>
    </Stack>
  );
}
