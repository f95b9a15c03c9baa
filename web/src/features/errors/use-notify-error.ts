import { App } from 'antd';
import { useCallback } from 'react';
import { useT } from '../../locales';
import { errorText } from './error-text';

/** Shows a failed action's message as a toast; for loads use <ApiErrorResult>. */
export function useNotifyError(): (error: unknown) => void {
  const { message } = App.useApp();
  const t = useT();
  return useCallback((error: unknown) => void message.error(errorText(error, t)), [message, t]);
}
