import { element } from './dom.js';
import { forgetToken, keepToken } from './auth.js';
import { disposeCharts } from './chart.js';

/**
 * The page-wide answer to a missing, unknown or insufficient token: a message and a token form,
 * and nothing else (the page's panels are removed, so no figure stays on screen).
 */
export function showBlocker(page, { status, message }) {
  if (page.querySelector('.blocker')) {
    return; // several requests were refused at once: one message is enough
  }
  const denied = status === 403;
  const title = status == null ? '需要访问令牌' : denied ? '无权查看分析数据' : '访问令牌无效';
  const text = status == null
    ? '请使用分析人员令牌打开本页（地址中附带 ?token=…，或在下方输入）。'
    : denied
      ? '此令牌无权查看分析数据：趋势研判与数据查询需要分析员（analyst）及以上权限。请向管理员申请分析员令牌。'
      : '访问令牌无效或已被撤销，未加载任何数据。请向管理员索取有效的分析员令牌。';
  disposeCharts();
  if (status === 401) {
    // An unknown or revoked token is of no further use: a reload must not send it again.
    forgetToken();
  }
  page.querySelectorAll('[data-requires-data]').forEach((el) => el.remove());
  const box = element('section', 'blocker', page);
  box.setAttribute('role', 'alert');
  box.dataset.status = status ?? 'none';
  element('div', 'blocker-icon', box, '!');
  element('h1', 'blocker-title', box, title);
  element('p', 'blocker-text', box, text);
  if (message) {
    element('p', 'blocker-detail', box, `服务器答复：${message}`);
  }
  const form = element('form', 'blocker-form', box);
  form.autocomplete = 'off';
  const input = element('input', '', form);
  input.type = 'password';
  input.placeholder = '输入分析员令牌';
  input.required = true;
  input.setAttribute('aria-label', '分析员令牌');
  const submit = element('button', 'btn btn-primary', form, '使用此令牌');
  submit.type = 'submit';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    keepToken(input.value.trim());
    window.location.reload();
  });
}
