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
import { DeskChoicePage } from './pages/desk/desk-choice-page';
import { NoTokenPage } from './pages/no-token-page';
import { theme } from './theme';

async function main(): Promise<void> {
  await initI18n();
  // The desktop app's first start asks where this desk works, before any case file is open.
  const desk = location.hash === '#desk' ? window.jiumDesk : undefined;
  const api = connect();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="light">
        {desk ? (
          <DeskChoicePage desk={desk} />
        ) : 'error' in api ? (
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
