/**
 * The red, dismissable alert a screen shows for the last failed call (role="alert", so screen
 * readers announce it and e2e specs find it). Renders nothing without an error.
 */
import { Alert } from '@mantine/core';

export function ErrorAlert(props: { error: string | null; onClose: () => void }) {
  return props.error ? (
    <Alert color="red" role="alert" withCloseButton onClose={props.onClose}>
      {props.error}
    </Alert>
  ) : null;
}
