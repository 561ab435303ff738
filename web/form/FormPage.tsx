/**
 * The resident self-report page (/f/:token): no login, no app. Loads the form, keeps a half-filled
 * form across reloads, checks answers as the resident goes (same rules as the server), submits with
 * a client id so a retry never makes a second record, and shows a receipt.
 */
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { checkAnswers, reporterFields } from '../../common/form-answers';
import { type AnswerValue, type Answers, type PublicForm, REPORTER_ID_NUMBER, REPORTER_NAME, REPORTER_PHONE, type SubmissionReceipt } from '../../common/form-definition';
import { fetchAreas, fetchPublicForm, NetworkError, PublicApiError, requestVerificationCode, submitAnswers } from './api';
import { clearDraft, loadDraft, newSubmissionId, saveDraft } from './draft';
import { applicableAnswers, FormRenderer, fieldDomId } from './FormRenderer';

const CODE_FIELD = 'verificationCode';

type Screen = { kind: 'loading' } | { kind: 'notFound' } | { kind: 'loadFailed'; busy?: boolean } | { kind: 'closed'; form: PublicForm | null; reason: string } | { kind: 'form'; form: PublicForm };

export function tokenFromLocation(pathname: string): string | null {
  const m = /^\/f\/([^/?#]+)/.exec(pathname);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

export function FormPage({ token }: { token: string | null }) {
  const [screen, setScreen] = useState<Screen>(token ? { kind: 'loading' } : { kind: 'notFound' });
  const load = useCallback(() => {
    if (!token) return;
    setScreen({ kind: 'loading' });
    fetchPublicForm(token).then(
      (form) => {
        document.title = form.definition.title;
        setScreen(form.open ? { kind: 'form', form } : { kind: 'closed', form, reason: form.closedReason || '此表单暂不接受填报。' });
      },
      // 404: no such link (or not published); 400: a token that cannot be one (mistyped, cut off).
      (e: unknown) => setScreen(e instanceof PublicApiError && (e.status === 404 || e.status === 400) ? { kind: 'notFound' } : { kind: 'loadFailed', busy: e instanceof PublicApiError && e.status === 429 }),
    );
  }, [token]);
  useEffect(load, [load]);

  switch (screen.kind) {
    case 'loading':
      return <p className="fp-loading">正在加载…</p>;
    case 'notFound':
      return (
        <Message title="找不到这份表单" testId="form-not-found">
          二维码或链接可能已失效，或地址不完整。请重新扫描社区张贴的二维码，或向网格员索取新的链接。
        </Message>
      );
    case 'loadFailed':
      return (
        <Message title="页面没有加载出来" testId="form-load-failed">
          {screen.busy ? '访问的人较多，请稍等一分钟后重试。' : '网络不稳定，请检查网络后重试。'}
          <button type="button" className="fp-button" onClick={load}>
            重试
          </button>
        </Message>
      );
    case 'closed':
      return (
        <Message title={screen.form?.definition.title ?? '表单已停止填报'} testId="form-closed">
          {screen.reason}
        </Message>
      );
    case 'form':
      return <FormScreen key={`${screen.form.token}.${screen.form.version}`} form={screen.form} onClosed={(reason) => setScreen({ kind: 'closed', form: screen.form, reason })} onGone={() => setScreen({ kind: 'notFound' })} />;
  }
}

function Message({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <main className="fp-message" data-testid={testId}>
      <h1>{title}</h1>
      <div className="fp-message__body">{children}</div>
    </main>
  );
}

type SubmitState = 'idle' | 'submitting' | 'networkFailed';

function FormScreen({ form, onClosed, onGone }: { form: PublicForm; onClosed: (reason: string) => void; onGone: () => void }) {
  const { token, version, definition, today } = form;
  const [restored] = useState(() => ({ current: loadDraft(token, version) }));
  const [answers, setAnswers] = useState<Answers>(() => restored.current?.answers ?? {});
  const [submissionId, setSubmissionId] = useState(() => restored.current?.id ?? newSubmissionId());
  const [showRestored, setShowRestored] = useState(() => !!restored.current && Object.keys(restored.current.answers).length > 0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [code, setCode] = useState('');
  const [submitState, setSubmitState] = useState<SubmitState>('idle');
  const [banner, setBanner] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<{ receipt: SubmissionReceipt; answers: Answers } | null>(null);

  // Keep the draft: shortly after each change, and at once when the page is hidden or left.
  const latest = useRef({ answers, submissionId, done: false });
  latest.current = { answers, submissionId, done: !!receipt };
  useEffect(() => {
    if (receipt) return;
    const timer = setTimeout(() => saveDraft(token, version, { id: submissionId, answers }), 300);
    return () => clearTimeout(timer);
  }, [answers, submissionId, receipt, token, version]);
  useEffect(() => {
    const flush = () => {
      if (!latest.current.done) saveDraft(token, version, { id: latest.current.submissionId, answers: latest.current.answers });
    };
    const onVisibility = () => document.visibilityState === 'hidden' && flush();
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [token, version]);

  const check = (next: Answers) => checkAnswers(definition, applicableAnswers(definition, next), { lang: 'zh', today });

  const onChange = (name: string, value: AnswerValue) => {
    const next = { ...answers, [name]: value };
    setAnswers(next);
    // An error already showing follows the answer as it is corrected.
    if (errors[name] !== undefined) {
      const message = check(next).errors[name];
      setErrors((e) => withError(e, name, message));
    }
  };
  const onBlur = (name: string) => {
    const message = check(answers).errors[name];
    // A blank field left on the way through is not an error yet; submitting will say so.
    const value = answers[name];
    if (message && (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0))) return;
    setErrors((e) => withError(e, name, message));
  };

  const order = [...reporterFields(definition).map((f) => f.name), CODE_FIELD, ...definition.fields.map((f) => f.name)];
  const showErrors = (found: Record<string, string>) => {
    setErrors(found);
    const first = order.find((n) => found[n] !== undefined && document.getElementById(fieldDomId(n)));
    if (first) {
      const el = document.getElementById(fieldDomId(first))!;
      try {
        el.scrollIntoView({ behavior: 'smooth', block: 'center' });
      } catch {
        el.scrollIntoView();
      }
    }
  };

  const submit = async (id = submissionId): Promise<void> => {
    if (submitState === 'submitting') return;
    setBanner(null);
    const checked = check(answers);
    const found = { ...checked.errors };
    if (form.verification && !/^\d{6}$/.test(code)) found[CODE_FIELD] = code ? '验证码是 6 位数字' : '请填写短信验证码';
    if (Object.keys(found).length > 0) {
      setSubmitState('idle');
      setBanner('有几项需要修改，请查看标红的地方。');
      showErrors(found);
      return;
    }
    setErrors({});
    setSubmitState('submitting');
    try {
      const { receipt: r } = await submitAnswers(token, { id, answers: checked.values, verificationCode: form.verification ? code : undefined });
      clearDraft(token, version);
      setReceipt({ receipt: r, answers });
      setSubmitState('idle');
      window.scrollTo(0, 0);
    } catch (e) {
      if (!(e instanceof PublicApiError)) {
        setSubmitState('networkFailed');
        setBanner('网络不稳定，提交没有完成。您填写的内容已保存在本机，请检查网络后点“重新提交”（不会重复提交）。');
        return;
      }
      setSubmitState('idle');
      const serverFields: Record<string, string> = {};
      for (const [k, v] of Object.entries(e.fields)) serverFields[k.replace(/^answers\./, '')] = v;
      if (e.status === 404) return onGone();
      if (e.code === 'FORM_CLOSED') return onClosed(closedText(e.message));
      if (e.code === 'SUBMISSION_ID_REUSED' && id === submissionId) {
        // Only a copied draft can do this; a fresh id makes it a new submission.
        const fresh = newSubmissionId();
        setSubmissionId(fresh);
        return submit(fresh);
      }
      if (e.code === 'ALREADY_SUBMITTED') {
        const ref = /\b([A-Z]\d+-\d{8}-\d+)\b/.exec(e.message);
        return setBanner(`您已经提交过这份表单${ref ? `（参考编号 ${ref[1]}）` : ''}，每人只需提交一次，无需重复填写。`);
      }
      if (e.status === 429) return setBanner('操作太频繁，请稍等一分钟后再提交。');
      if (/VERIF|CODE/.test(e.code) && Object.keys(serverFields).length === 0) serverFields[CODE_FIELD] = chinese(e.message, '验证码不正确或已过期，请重新获取');
      const placed = Object.keys(serverFields).filter((k) => order.indexOf(k) >= 0);
      if (placed.length > 0) {
        setBanner('有几项需要修改，请查看标红的地方。');
        showErrors(serverFields);
      } else setBanner(chinese(e.message, '提交没有成功，请检查填写的内容后重试。'));
    }
  };

  if (receipt) {
    return (
      <Receipt
        form={form}
        receipt={receipt.receipt}
        onAgain={() => {
          // A new record: a new id. Daily check-ins come back with the answers to correct them;
          // continuous reports keep who is reporting and start the rest afresh.
          const keep: Answers = {};
          if (form.mode === 'daily') Object.assign(keep, receipt.answers);
          else for (const k of [REPORTER_NAME, REPORTER_PHONE, REPORTER_ID_NUMBER]) if (receipt.answers[k] !== undefined) keep[k] = receipt.answers[k];
          setAnswers(keep);
          setSubmissionId(newSubmissionId());
          setCode('');
          setShowRestored(false);
          setReceipt(null);
          window.scrollTo(0, 0);
        }}
      />
    );
  }

  return (
    <main className="fp">
      <Header form={form} />
      {showRestored && (
        <div className="fp-note" data-testid="draft-restored">
          已恢复您上次没填完的内容。
          <button
            type="button"
            className="fp-text-btn"
            onClick={() => {
              if (!window.confirm('清空已填写的内容，重新填写？')) return;
              setAnswers({});
              setErrors({});
              setShowRestored(false);
              clearDraft(token, version);
            }}
          >
            清空重填
          </button>
        </div>
      )}
      <FormRenderer
        definition={definition}
        values={answers}
        errors={errors}
        onChange={onChange}
        onBlur={onBlur}
        today={today}
        linkArea={{ id: form.areaId, name: form.areaName }}
        loadAreas={(parent) => fetchAreas(token, parent)}
        disabled={submitState === 'submitting'}
        afterReporter={
          form.verification ? (
            <VerificationCode
              token={token}
              phone={typeof answers[REPORTER_PHONE] === 'string' ? (answers[REPORTER_PHONE] as string) : ''}
              code={code}
              error={errors[CODE_FIELD]}
              onCode={(c) => {
                setCode(c);
                if (errors[CODE_FIELD] && /^\d{6}$/.test(c)) setErrors((e) => withError(e, CODE_FIELD, undefined));
              }}
              onPhoneError={(message) => showErrors({ ...errors, [REPORTER_PHONE]: message })}
            />
          ) : null
        }
      />
      {banner && (
        <div className={`fp-banner${submitState === 'networkFailed' ? ' is-network' : ''}`} role="alert" data-testid="form-banner">
          {banner}
        </div>
      )}
      <button type="button" className="fp-button fp-submit" data-testid="form-submit" disabled={submitState === 'submitting'} onClick={() => void submit()}>
        {submitState === 'submitting' ? '正在提交…' : submitState === 'networkFailed' ? '重新提交' : '提交'}
      </button>
    </main>
  );
}

function withError(errors: Record<string, string>, name: string, message: string | undefined): Record<string, string> {
  if (errors[name] === message) return errors;
  const next = { ...errors };
  if (message === undefined) delete next[name];
  else next[name] = message;
  return next;
}

/** Server messages are Chinese when localized; an English leftover gives way to our own words. */
function chinese(message: string, fallback: string): string {
  return /[\u4e00-\u9fff]/.test(message) ? message : fallback;
}
const closedText = (message: string) => chinese(message, '此表单已停止填报。');

const MODE_NOTE: Record<PublicForm['mode'], string> = {
  survey: '每人填写一次',
  daily: '每日打卡',
  continuous: '可多次填报',
};

function Header({ form }: { form: PublicForm }) {
  const { definition } = form;
  return (
    <header className="fp-header">
      <h1 className="fp-title">{definition.title}</h1>
      <p className="fp-meta">
        {form.areaName}
        <span className="fp-dot">·</span>
        {form.mode === 'daily' ? `今日打卡 ${form.today}` : MODE_NOTE[form.mode]}
      </p>
      {definition.description && <p className="fp-description">{definition.description}</p>}
      <p className="fp-legend">
        带 <span className="wf-required">*</span> 的为必填项
      </p>
    </header>
  );
}

function VerificationCode(props: { token: string; phone: string; code: string; error?: string; onCode: (code: string) => void; onPhoneError: (message: string) => void }) {
  const { token, phone, code, error, onCode, onPhoneError } = props;
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [sending, setSending] = useState(false);
  const [note, setNote] = useState<{ text: string; bad: boolean } | null>(null);
  const left = Math.max(0, Math.ceil((until - now) / 1000));
  useEffect(() => {
    if (left <= 0) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [left > 0]); // eslint-disable-line react-hooks/exhaustive-deps

  const send = async () => {
    const cleaned = phone.replace(/[\s-]/g, '');
    if (!/^1\d{10}$/.test(cleaned)) {
      onPhoneError('请先填写 11 位手机号码，再获取验证码');
      return;
    }
    setSending(true);
    setNote(null);
    try {
      const r = await requestVerificationCode(token, cleaned);
      setUntil(Date.now() + 60_000);
      setNow(Date.now());
      const minutes = Math.max(1, Math.round((r?.expiresInSeconds ?? 300) / 60));
      setNote({ text: `验证码已发送至 ${cleaned.slice(0, 3)}****${cleaned.slice(7)}，${minutes} 分钟内有效。`, bad: false });
    } catch (e) {
      if (e instanceof PublicApiError && e.status === 429) setNote({ text: '获取太频繁，请稍等一分钟再试。', bad: true });
      else if (e instanceof PublicApiError) setNote({ text: chinese(e.message, '验证码发送失败，请检查手机号码后重试。'), bad: true });
      else setNote({ text: e instanceof NetworkError ? '网络不稳定，验证码没有发出，请重试。' : '验证码发送失败，请重试。', bad: true });
    } finally {
      setSending(false);
    }
  };

  const id = fieldDomId(CODE_FIELD);
  return (
    <div className={`wf-field${error ? ' has-error' : ''}`} id={id} data-testid={`field-${CODE_FIELD}`}>
      <label className="wf-label" htmlFor={`${id}-input`}>
        短信验证码<span className="wf-required">*</span>
      </label>
      <div className="fp-code">
        <input
          id={`${id}-input`}
          className="wf-input fp-code__input"
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={6}
          placeholder="6 位数字"
          aria-invalid={!!error || undefined}
          value={code}
          onChange={(e) => onCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
        />
        <button type="button" className="fp-code__btn" data-testid="send-code" disabled={sending || left > 0} onClick={() => void send()}>
          {sending ? '正在发送…' : left > 0 ? `${left} 秒后重发` : '获取验证码'}
        </button>
      </div>
      {note && <p className={note.bad ? 'wf-error' : 'wf-help fp-code__note'}>{note.text}</p>}
      {error && (
        <p className="wf-error" role="alert" data-testid={`error-${CODE_FIELD}`}>
          {error}
        </p>
      )}
    </div>
  );
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function Receipt({ form, receipt, onAgain }: { form: PublicForm; receipt: SubmissionReceipt; onAgain: () => void }) {
  const daily = form.mode === 'daily';
  return (
    <main className="fp-receipt" data-testid="receipt">
      <svg className="fp-receipt__check" viewBox="0 0 96 96" aria-hidden="true">
        <circle cx="48" cy="48" r="46" fill="#2e7d32" />
        <path d="M27 49l14 14 29-30" fill="none" stroke="#fff" strokeWidth="8" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <h1 className="fp-receipt__title">提交成功</h1>
      {daily && <p className="fp-receipt__daily">今日已打卡</p>}
      {daily && receipt.replaced && <p className="fp-receipt__replaced">已更新今天的填报</p>}
      <dl className="fp-receipt__facts">
        <dt>参考编号</dt>
        <dd className="fp-receipt__ref" data-testid="receipt-reference">
          {receipt.reference}
        </dd>
        <dt>提交时间</dt>
        <dd data-testid="receipt-time">{formatTime(receipt.submittedAt)}</dd>
        {daily && (
          <>
            <dt>打卡日期</dt>
            <dd>{receipt.day}</dd>
          </>
        )}
      </dl>
      <p className="fp-receipt__hint">{form.definition.title}</p>
      <p className="fp-receipt__hint">可截图保存本页；如需查询，请向网格员提供参考编号。</p>
      {form.mode === 'continuous' && (
        <button type="button" className="fp-button" data-testid="fill-again" onClick={onAgain}>
          再填一份
        </button>
      )}
      {daily && (
        <button type="button" className="fp-button fp-button--ghost" data-testid="fill-again" onClick={onAgain}>
          返回修改今天的填报
        </button>
      )}
      {form.mode === 'survey' && <p className="fp-receipt__hint">每人只需填写一次，现在可以关闭本页面。</p>}
    </main>
  );
}
