import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { cardResources } from '../lib/i18n/cardResources';
import { createI18n } from '../lib/i18n/createI18n';
import { MobileApp } from './MobileApp';
import './mobile.css';

const i18n = createI18n(cardResources, ['common', 'card', 'notices', 'mobileCases'], 'card');

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <MobileApp />
    </I18nextProvider>
  </StrictMode>,
);
