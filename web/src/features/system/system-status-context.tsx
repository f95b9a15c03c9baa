import { createContext, type ReactNode, useContext } from 'react';
import { type ApiQuery, useApiQuery } from '../../api/use-api-query';
import { fetchSystemStatus, type SystemStatus } from './system-api';

const SystemStatusContext = createContext<ApiQuery<SystemStatus> | null>(null);

/** Loads the installation status once for the whole console: pages need its business time zone. */
export function SystemStatusProvider({ children }: { children: ReactNode }) {
  const query = useApiQuery('system-status', fetchSystemStatus);
  return <SystemStatusContext.Provider value={query}>{children}</SystemStatusContext.Provider>;
}

export function useSystemStatus(): ApiQuery<SystemStatus> {
  const query = useContext(SystemStatusContext);
  if (!query) throw new Error('useSystemStatus must be used inside <SystemStatusProvider>');
  return query;
}

/**
 * The password the demo accounts share, as the server announces it (null outside demo mode, or before the
 * status is known). Tolerates a missing provider so components can render in isolation.
 */
export function useDemoPassword(): string | null {
  return useContext(SystemStatusContext)?.data?.demoPassword ?? null;
}

/** The zone business times are shown in; undefined until known (times then show in the browser's zone). */
export function useBusinessTimeZone(): string | undefined {
  return useSystemStatus().data?.timeZone;
}
