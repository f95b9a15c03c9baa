import { Typography } from 'antd';

/**
 * JSON on one line with a space after each comma and colon, so long values wrap at natural
 * points instead of stretching the table.
 */
export function formatJsonInline(value: unknown): string {
  if (value === undefined) return '—';
  return JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');
}

export function JsonValue({ value }: { value: unknown }) {
  return (
    <Typography.Text code style={{ overflowWrap: 'anywhere' }}>
      {formatJsonInline(value)}
    </Typography.Text>
  );
}
