import type { ReactNode } from 'react';
import { LangToggle } from './LangToggle';

/** A full-screen message (loading, not found, failure) with an optional action below it. */
export function MobileMessage({ text, action, busy = false }: { text: string; action?: ReactNode; busy?: boolean }) {
  return (
    <main className="mobile-message" aria-busy={busy}>
      <div className="mobile-message__top">
        <LangToggle />
      </div>
      {busy && <div className="spinner" aria-hidden="true" />}
      <p className="mobile-message__text" role={busy ? 'status' : 'alert'}>
        {text}
      </p>
      {action}
    </main>
  );
}
