/**
 * A site secret (the cookie, or the extra headers) in the site form. Once saved, its value is
 * sealed in the engine and never comes back: the form shows that it is set (header names only)
 * and offers to replace or clear it; otherwise it is a plain text area.
 */
import { Badge, Button, Group, Input, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** What to do with a saved secret on save. */
export type SecretMode = 'keep' | 'replace' | 'clear';

export function SecretField(props: {
  label: string;
  description?: string;
  /** Whether a value is saved; with `names`, which headers. */
  saved: boolean;
  names?: string[];
  mode: SecretMode;
  onMode: (mode: SecretMode) => void;
  value: string;
  onChange: (value: string) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  if (props.saved && props.mode !== 'replace') {
    return (
      <Input.Wrapper label={props.label} description={t('crawls.secretSealed')}>
        <Stack gap={6} mt={6} data-testid={`${props.testId}-saved`}>
          <Group gap={6}>
            {props.mode === 'clear' ? (
              <Badge color="gray" variant="light">
                {t('crawls.secretWillClear')}
              </Badge>
            ) : (
              <Badge color="teal" variant="light">
                {t('crawls.secretSet')}
              </Badge>
            )}
            {props.mode === 'keep'
              ? props.names?.map((n) => (
                  <Text key={n} size="sm" ff="monospace">
                    {n}
                  </Text>
                ))
              : null}
          </Group>
          <Group gap="xs">
            <Button
              size="compact-sm"
              variant="default"
              onClick={() => props.onMode('replace')}
              data-testid={`${props.testId}-replace`}
            >
              {t('crawls.secretReplace')}
            </Button>
            {props.mode === 'clear' ? (
              <Button size="compact-sm" variant="subtle" onClick={() => props.onMode('keep')}>
                {t('crawls.secretKeep')}
              </Button>
            ) : (
              <Button
                size="compact-sm"
                variant="subtle"
                color="red"
                onClick={() => props.onMode('clear')}
                data-testid={`${props.testId}-clear`}
              >
                {t('crawls.secretClear')}
              </Button>
            )}
          </Group>
        </Stack>
      </Input.Wrapper>
    );
  }
  return (
    <Textarea
      label={props.label}
      description={props.saved ? t('crawls.secretReplacing') : props.description}
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      autosize
      minRows={2}
      data-testid={props.testId}
    />
  );
}
