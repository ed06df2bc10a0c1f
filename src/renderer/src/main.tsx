/** Renderer entry: design system, languages, the API connection, then the app. */
import '@mantine/core/styles.css';
import './global.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/api-context';
import { connect } from './api/client';
import { App } from './app';
import { initI18n } from './i18n';
import { NoTokenPage } from './pages/no-token-page';
import { theme } from './theme';

async function main(): Promise<void> {
  await initI18n();
  const api = connect();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="light">
        {'error' in api ? (
          <NoTokenPage />
        ) : (
          <ApiProvider api={api}>
            <App />
          </ApiProvider>
        )}
      </MantineProvider>
    </StrictMode>,
  );
}

void main();
