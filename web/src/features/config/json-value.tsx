import { Typography } from 'antd';

/** A configuration value as compact JSON; long values wrap instead of stretching the table. */
export function JsonValue({ value }: { value: unknown }) {
  const text = value === undefined ? '—' : JSON.stringify(value);
  return (
    <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      {text}
    </Typography.Text>
  );
}
