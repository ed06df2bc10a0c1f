/**
 * The form both pages before the shell share (first-run set-up and sign-in): the frame, the case
 * file's note, the fields, the error in words and the submit button, and the submit cycle (busy,
 * the engine's field issues marked, a specific sentence for the error, a session when it worked).
 */
import { Alert, Button, Stack } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/errors';
import type { AppInfo, SessionInfo } from '../../../shared/types';
import { errorText, fieldIssues } from '../api/error-text';
import { AuthFrame } from './auth-frame';
import { CaseFileNote } from './case-file-note';

/** What the first-run and sign-in pages are given: the app's facts, and where a session goes. */
export interface AuthPageProps {
  info: AppInfo;
  onDone: (session: SessionInfo) => void;
}

/**
 * The submit cycle. `codeTexts` gives a page's own sentence for an engine error code (a wrong
 * password, a file set up meanwhile); every other error gets the engine's reason in words.
 */
export function useAuthSubmit(
  onDone: (session: SessionInfo) => void,
  codeTexts: Partial<Record<string, string>>,
) {
  const { t } = useTranslation();
  const [invalid, setInvalid] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Runs `call` unless `precheck` names fields to mark first. */
  const submit = async (call: () => Promise<SessionInfo>, precheck?: () => string[]) => {
    setError(null);
    const marked = precheck?.() ?? [];
    if (marked.length > 0) {
      setInvalid(new Set(marked));
      return;
    }
    setBusy(true);
    try {
      onDone(await call());
    } catch (err) {
      setInvalid(fieldIssues(err));
      const own = err instanceof ApiError ? codeTexts[err.code] : undefined;
      setError(own ?? errorText(t, err));
      setBusy(false);
    }
  };
  return { invalid, setInvalid, error, busy, submit };
}

export function AuthForm(props: {
  info: AppInfo;
  title: string;
  intro: string;
  width?: number;
  /** Test id of the page; its error and submit button are `<prefix>-error`, `<prefix>-submit`. */
  testId: string;
  prefix: string;
  submitLabel: string;
  error: string | null;
  busy: boolean;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit();
  };
  return (
    <AuthFrame title={props.title} intro={props.intro} width={props.width} testId={props.testId}>
      <CaseFileNote info={props.info} />
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {props.children}
          {props.error ? (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertCircle size={18} />}
              data-testid={`${props.prefix}-error`}
            >
              {props.error}
            </Alert>
          ) : null}
          <Button
            type="submit"
            size="md"
            mt="xs"
            loading={props.busy}
            data-testid={`${props.prefix}-submit`}
          >
            {props.submitLabel}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
