/**
 * One audit entry as a sentence in the person's language: who did what to which record
 * ("Haneul Park archived site #3."). The action's code stays on hover for those who check it.
 */
import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../../../shared/cases-types';

/** The record an entry names, as people say it: a case by its code, anything else by number. */
export function recordText(e: Pick<AuditEntry, 'recordType' | 'recordId' | 'details'>): string {
  if (!e.recordId) return '';
  const name = typeof e.details['name'] === 'string' ? ` “${e.details['name']}”` : '';
  return e.recordType === 'case' || /\D/.test(e.recordId)
    ? `${e.recordId}${name}`
    : `#${e.recordId}${name}`;
}

export function auditSentence(
  t: TFunction,
  e: Pick<AuditEntry, 'action' | 'actor' | 'recordType' | 'recordId' | 'details'>,
): string {
  const key = e.action.replace(/\./g, '_');
  const values = { who: e.actor, record: recordText(e) };
  const own = t(`auditSentences.actions.${key}`, { ...values, defaultValue: '' });
  if (own) return own;
  const what = t(`audit.actions.${key}`, { defaultValue: e.action });
  return values.record
    ? t('auditSentences.fallback', { ...values, what })
    : t('auditSentences.fallbackNoRecord', { ...values, what });
}
