import { SearchOutlined } from '@ant-design/icons';
import { Button, Input } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useT } from '../../locales';
import { readTrackingCode } from '../tracking-code';

/** The tracking code as typed, grouped as it grows; a slip is caught here before the server is asked. */
export function CodeForm({ initial = '' }: { initial?: string }) {
  const t = useT();
  const navigate = useNavigate();
  const [typed, setTyped] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const read = readTrackingCode(typed);

  return (
    <form
      className="portal-stack"
      data-testid="track-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (read.state === 'incomplete') setProblem(t('portal.codeIncomplete', { count: read.code.length }));
        else if (read.state === 'mistyped') setProblem(t('portal.codeMistyped'));
        else navigate(`/track/${read.formatted}`);
      }}
    >
      <label htmlFor="track-code">{t('portal.codeLabel')}</label>
      <Input
        id="track-code"
        size="large"
        className="portal-code"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={20}
        placeholder={t('portal.codePlaceholder')}
        value={typed}
        status={problem ? 'error' : undefined}
        onChange={(e) => {
          setProblem(null);
          setTyped(e.target.value.toUpperCase());
        }}
        style={{ fontSize: 22 }}
        data-testid="track-code"
      />
      <div className="portal-muted">{t('portal.codeHelp')}</div>
      {problem && (
        <div className="portal-field-error" role="alert" data-testid="track-code-problem">
          {problem}
        </div>
      )}
      <Button type="primary" size="large" htmlType="submit" icon={<SearchOutlined />} block data-testid="track-submit">
        {t('portal.search')}
      </Button>
    </form>
  );
}
