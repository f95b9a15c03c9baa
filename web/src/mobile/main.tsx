import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MobileApp } from './app';

const root = document.getElementById('root');
if (!root) throw new Error('m/index.html has no #root element');

// The worker makes the app open without signal; it needs a secure context (HTTPS, or localhost).
if ('serviceWorker' in navigator && window.isSecureContext) {
  void navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' });
}

createRoot(root).render(
  <StrictMode>
    <MobileApp />
  </StrictMode>,
);
