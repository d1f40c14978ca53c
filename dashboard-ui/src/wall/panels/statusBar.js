import { setClass, setText } from '../dom.js';
import { eventTime, longDateOf, setTimeZone, timeOf } from '../format.js';

/** No heartbeat (every 2 s) for this long and the wall says, in large letters, that it is stale. */
export const STALE_AFTER_MS = 10_000;

/**
 * The masthead's clock (the server's time in the city's zone, so a wall PC with a drifting clock
 * still shows the hall's time), the connection state, the heartbeat's age and the data watermark;
 * and the stale banner over the board when heartbeats stop.
 */
export function statusBar(stage) {
  const $ = (id) => stage.querySelector(`#${id}`);
  const clock = $('clock');
  const date = $('date');
  const city = $('city');
  const dot = $('conn-dot');
  const connText = $('conn-text');
  const beatAge = $('beat-age');
  const watermarkEl = $('watermark');
  const banner = $('stale-banner');
  const bannerText = $('stale-text');

  const startedAt = Date.now();
  let offsetMs = 0;
  let lastBeatAt = 0;
  let lastServerTime = 0;
  let watermark = null;
  let connection = { state: 'connecting' };

  function tick() {
    const now = Date.now();
    const serverNow = now + offsetMs;
    setText(clock, timeOf(serverNow));
    setText(date, longDateOf(serverNow));
    setText(beatAge, lastBeatAt ? `${Math.max(0, Math.round((now - lastBeatAt) / 1000))} 秒前` : '—');
    setText(watermarkEl, watermark ? eventTime(watermark, serverNow) : '—');

    switch (connection.state) {
      case 'live':
        setClass(dot, 'dot dot-live');
        setText(connText, '实时在线');
        break;
      case 'reconnecting': {
        const wait = Math.max(0, Math.ceil((connection.retryAt - now) / 1000));
        setClass(dot, 'dot dot-down');
        setText(connText, wait > 0 ? `连接中断 · ${wait} 秒后重连` : '连接中断 · 正在重连');
        break;
      }
      case 'unauthorized':
        setClass(dot, 'dot dot-down');
        setText(connText, '访问令牌无效');
        break;
      default:
        setClass(dot, 'dot dot-wait');
        setText(connText, '正在连接');
    }

    const silentMs = now - (lastBeatAt || startedAt);
    const stale = silentMs > STALE_AFTER_MS && connection.state !== 'unauthorized';
    if (stale) {
      const seconds = Math.round(silentMs / 1000);
      const since = lastServerTime ? `，画面停留在 ${timeOf(lastServerTime)}` : '';
      const doing = connection.state === 'reconnecting' ? `正在重新连接 (第 ${connection.attempt} 次)` : '等待服务器心跳';
      setText(bannerText, lastBeatAt ? `实时数据中断 ${seconds} 秒${since} · ${doing}` : `尚未收到实时数据 · ${doing}`);
    }
    if (banner.hidden === stale) {
      banner.hidden = !stale;
      stage.classList.toggle('is-stale', stale);
    }
  }

  const timer = setInterval(tick, 1000);
  tick();

  return {
    heartbeat(beat) {
      setTimeZone(beat.timeZone);
      const serverTime = Date.parse(beat.serverTime);
      if (Number.isFinite(serverTime)) {
        offsetMs = serverTime - Date.now();
        lastServerTime = serverTime;
      }
      lastBeatAt = Date.now();
      watermark = beat.watermark ?? null;
      if (beat.city) {
        setText(city, beat.city);
      }
      tick();
    },
    connection(next) {
      connection = next;
      tick();
    },
    isStale: () => !banner.hidden,
    dispose() {
      clearInterval(timer);
    },
  };
}
