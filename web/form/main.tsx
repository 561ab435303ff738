import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { FormPage, tokenFromLocation } from './FormPage';
import './form.css';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <FormPage token={tokenFromLocation(window.location.pathname)} />
  </StrictMode>,
);
