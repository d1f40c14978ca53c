import { aborted } from '../pages-common/api.js';
import { RANGE_LABELS, shiftDate } from '../pages-common/ranges.js';

/**
 * 导出CSV: the same query as on screen with format=csv. A plain link cannot carry the token
 * header, so the page fetches the file and saves the blob under a name that says what it holds.
 */
export function csvExport(button, { api, params, state, onError }) {
  const label = button.textContent;
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.textContent = '正在导出…';
    try {
      const blob = await api.csv(params());
      save(blob, filename(state()));
    } catch (error) {
      if (!aborted(error)) {
        onError(error);
      }
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  });
}

function filename(state) {
  const range = state.range ? RANGE_LABELS[state.range] ?? state.range : `${state.from}至${shiftDate(state.to, -1)}`;
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}`;
  return `调解数据_${range}_${stamp}.csv`.replace(/[\\/:*?"<>|]/g, '-');
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has taken its copy once the click's task is over.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
