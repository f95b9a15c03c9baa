import { useSyncExternalStore } from 'react';

interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error';
}

let toasts: Toast[] = [];
let next = 1;
const listeners = new Set<() => void>();
const emit = () => {
  for (const l of listeners) l();
};

/** A short message over the tab bar, gone after a few seconds (the outbox list keeps the lasting state). */
export function toast(text: string, kind: Toast['kind'] = 'info', ms = 3500): void {
  const id = next++;
  toasts = [...toasts, { id, text, kind }];
  emit();
  setTimeout(() => {
    toasts = toasts.filter((t) => t.id !== id);
    emit();
  }, ms);
}

export function Toasts() {
  const list = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => toasts,
    () => toasts,
  );
  return (
    <div className="m-toasts" aria-live="polite">
      {list.map((t) => (
        <div key={t.id} className="m-toast" data-kind={t.kind} data-testid="toast">
          {t.text}
        </div>
      ))}
    </div>
  );
}
