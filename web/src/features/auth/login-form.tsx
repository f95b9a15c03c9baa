import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Spin, Typography } from 'antd';
import { type Ref, useEffect, useImperativeHandle, useState } from 'react';
import { useT } from '../../locales';
import { errorText } from '../errors';
import { logout } from '../session';
import { enableTotp, type LoginResult, login, setupTotp, type TotpSetup, verifyTotp } from './auth-api';
import { TotpSecret } from './totp-secret';

type Account = LoginResult['account'];

interface Credentials {
  username: string;
  password: string;
}

export interface LoginFormProps {
  /** Called once the server holds a complete session (password, and the second factor when one is needed). */
  onSignedIn: (account: Account) => Promise<void> | void;
  /**
   * A session that is signed in with the password but still owes the second factor (the user left the
   * page half way): the form starts at the code step for this account.
   */
  pending?: Account | null;
  ref?: Ref<LoginFormHandle>;
}

export interface LoginFormHandle {
  /** Puts a username in the field (the demo account list). */
  fillUsername: (username: string) => void;
}

type Step = 'credentials' | 'totp' | 'enrol';

const CODE_RULE = /^\s*\d{6}\s*$/;

/**
 * Signing in: username and password, then — when the server answers `secondFactorRequired` — the six-digit
 * code from the authenticator, or, for an account that must have a second factor and has none yet, setting
 * one up there and then. Errors are the server's messages, already in the user's language.
 */
export function LoginForm({ onSignedIn, pending, ref }: LoginFormProps) {
  const t = useT();
  const [form] = Form.useForm<Credentials>();
  const [codeForm] = Form.useForm<{ code: string }>();
  const [step, setStep] = useState<Step>(pending ? (pending.totpEnabled ? 'totp' : 'enrol') : 'credentials');
  const [account, setAccount] = useState<Account | null>(pending ?? null);
  const [enrolment, setEnrolment] = useState<TotpSetup | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useImperativeHandle(ref, () => ({
    fillUsername: (username) => {
      form.setFieldsValue({ username, password: '' });
      setError(null);
    },
  }));

  // Setting up the second factor during sign-in: the server makes the secret as soon as the step opens.
  useEffect(() => {
    if (step !== 'enrol' || enrolment) return;
    let live = true;
    setupTotp().then(
      (setup) => live && setEnrolment(setup),
      (cause: unknown) => live && setError(errorText(cause, t)),
    );
    return () => {
      live = false;
    };
  }, [step, enrolment, t]);

  const submitCredentials = async ({ username, password }: Credentials) => {
    setBusy(true);
    setError(null);
    try {
      const result = await login({ username: username.trim(), password });
      if (result.secondFactorRequired) {
        setAccount(result.account);
        setStep(result.account.totpEnabled ? 'totp' : 'enrol');
      } else {
        await onSignedIn(result.account);
      }
    } catch (cause) {
      setError(errorText(cause, t));
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };

  const submitCode = async ({ code }: { code: string }) => {
    setBusy(true);
    setError(null);
    try {
      if (step === 'enrol') await enableTotp(code.trim());
      else await verifyTotp(code.trim());
      if (account) await onSignedIn(account);
    } catch (cause) {
      setError(errorText(cause, t));
      codeForm.setFieldValue('code', '');
    } finally {
      setBusy(false);
    }
  };

  const back = () => {
    // The half-open session (password given, code not) is ended rather than left to expire.
    logout().catch(() => {});
    setStep('credentials');
    setAccount(null);
    setEnrolment(null);
    setError(null);
    codeForm.resetFields();
    form.setFieldValue('password', '');
  };

  const alert = error && (
    <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" role="alert" />
  );

  const codeStep = step !== 'credentials' && (
    <Form form={codeForm} layout="vertical" name="login-totp" onFinish={submitCode} requiredMark={false}>
      {step === 'enrol' ? (
        <>
          <Typography.Paragraph type="secondary">{t('auth.enrolHelp')}</Typography.Paragraph>
          {enrolment ? (
            <div style={{ marginBottom: 16 }}>
              <TotpSecret setup={enrolment} />
            </div>
          ) : (
            !error && <Spin style={{ display: 'block', marginBottom: 16 }} />
          )}
        </>
      ) : (
        <Typography.Paragraph type="secondary">
          {t('auth.totpStepHelp', { username: account?.username ?? '' })}
        </Typography.Paragraph>
      )}
      {alert}
      <Form.Item
        name="code"
        label={t('auth.totpCode')}
        rules={[
          { required: true, message: t('auth.totpCodeRequired') },
          { pattern: CODE_RULE, message: t('auth.totpCodeInvalid') },
        ]}
      >
        <Input
          prefix={<SafetyOutlined />}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={8}
          autoFocus
          size="large"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={busy}>
        {step === 'enrol' ? t('auth.enrol') : t('auth.verify')}
      </Button>
      <Button type="link" block onClick={back} disabled={busy} style={{ marginTop: 8 }}>
        {t('auth.backToPassword')}
      </Button>
    </Form>
  );

  // The credentials form stays mounted (hidden) during the code step: its form instance stays connected and
  // the username is still there when the user goes back.
  return (
    <>
      {codeStep}
      <Form
        form={form}
        layout="vertical"
        name="login"
        onFinish={submitCredentials}
        requiredMark={false}
        hidden={step !== 'credentials'}
      >
        {step === 'credentials' && alert}
        <Form.Item
          name="username"
          label={t('auth.username')}
          rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          rules={[{ required: true, message: t('auth.passwordRequired') }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy}>
          {t('auth.signIn')}
        </Button>
      </Form>
    </>
  );
}
