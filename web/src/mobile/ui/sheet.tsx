import type { ReactNode } from 'react';

/** A panel sliding up from the bottom, over the screen; a tap beside it closes it. */
export function Sheet({
  title,
  onClose,
  children,
  'data-testid': testId,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  'data-testid'?: string;
}) {
  return (
    <>
      <div className="m-sheet-backdrop" onClick={onClose} aria-hidden="true" />
      <section className="m-sheet" role="dialog" aria-label={title} data-testid={testId}>
        <h2>{title}</h2>
        {children}
      </section>
    </>
  );
}
