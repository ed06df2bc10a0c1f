/** The keyboard shortcut sheet (toggled with ?). */
import { Kbd, Modal, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { reviewEn } from './review-en';

export const SHORTCUTS: [keys: string[], action: keyof typeof reviewEn.keys][] = [
  [['J', '↓'], 'next'],
  [['K', '↑'], 'previous'],
  [['C'], 'confirm'],
  [['R'], 'reject'],
  [['U'], 'unsure'],
  [['Z'], 'undo'],
  [['Space'], 'reveal'],
  [['X'], 'select'],
  [['N'], 'note'],
  [['?'], 'help'],
  [['Esc'], 'escape'],
];

export function ShortcutSheet(props: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={t('review.shortcuts')}
      centered
      data-testid="review-shortcuts"
    >
      <Table verticalSpacing={6} data-testid="review-shortcut-table">
        <Table.Tbody>
          {SHORTCUTS.map(([keys, action]) => (
            <Table.Tr key={action}>
              <Table.Td w={120}>
                {keys.map((k) => (
                  <Kbd key={k} mr={4}>
                    {k}
                  </Kbd>
                ))}
              </Table.Td>
              <Table.Td>{t(`review.keys.${action}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="sm">
        {t('review.shortcutsHint')}
      </Text>
    </Modal>
  );
}
