export { ApiErrorResult } from './api-error-result';
export { errorText } from './error-text';
export { useNotifyError } from './use-notify-error';
