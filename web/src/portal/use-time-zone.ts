import { useEffect, useState } from 'react';
import { businessTimeZone } from './portal-api';

/** The city's time zone once known; until then times show on the phone's clock. */
export function useTimeZone(): string | undefined {
  const [zone, setZone] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void businessTimeZone().then((z) => {
      if (live) setZone(z);
    });
    return () => {
      live = false;
    };
  }, []);
  return zone;
}
