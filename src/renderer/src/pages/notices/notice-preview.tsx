/**
 * A filled template as React elements (the Settings preview). Text only: the blocks carry no
 * markup, so nothing in a template can become HTML here either.
 */
import { List, Paper, Stack, Text, Title } from '@mantine/core';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoticeBlock, NoticeSpan } from '../../../../shared/notices-types';

function Spans({ spans }: { spans: NoticeSpan[] }) {
  return (
    <>
      {spans.map((s, i) =>
        s.bold ? <strong key={i}>{s.text}</strong> : <Fragment key={i}>{s.text}</Fragment>,
      )}
    </>
  );
}

function Lines({ lines }: { lines: NoticeSpan[][] }) {
  return (
    <>
      {lines.map((l, i) => (
        <Fragment key={i}>
          {i > 0 ? <br /> : null}
          <Spans spans={l} />
        </Fragment>
      ))}
    </>
  );
}

export function NoticePreview(props: { subject: string; blocks: NoticeBlock[]; lang: string }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="lg" lang={props.lang} data-testid="notice-preview">
      <Stack gap="xs">
        <Text size="sm" c="dimmed" data-testid="notice-preview-subject">
          {props.subject}
        </Text>
        {props.blocks.map((b, i) => {
          switch (b.kind) {
            case 'h1':
              return (
                <Title key={i} order={3}>
                  <Lines lines={b.lines} />
                </Title>
              );
            case 'h2':
              return (
                <Title key={i} order={4} mt="sm">
                  <Lines lines={b.lines} />
                </Title>
              );
            case 'p':
              return (
                <Text key={i} size="sm">
                  <Lines lines={b.lines} />
                </Text>
              );
            case 'ul':
              return (
                <List key={i} size="sm" withPadding>
                  {b.items.map((it, j) => (
                    <List.Item key={j}>
                      <Spans spans={it} />
                    </List.Item>
                  ))}
                </List>
              );
            case 'items':
              return (
                <Text key={i} size="sm" c="dimmed" fs="italic">
                  {t('notices.settings.previewItems')}
                </Text>
              );
            case 'evidence':
              return (
                <Text key={i} size="sm" c="dimmed" fs="italic">
                  {t('notices.settings.previewEvidence')}
                </Text>
              );
          }
          return null;
        })}
      </Stack>
    </Paper>
  );
}
