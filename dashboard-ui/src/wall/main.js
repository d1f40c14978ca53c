import '@fontsource/barlow-condensed/latin-600.css';
import './wall.css';
import { readToken } from './auth.js';
import { charts } from './chart.js';
import { CHANGES_ONLY, LiveConnection, mergeChanges, unpackPulse } from './live.js';
import { fitStage } from './stage.js';
import { channelShare } from './panels/channelShare.js';
import { districtMap } from './panels/districtMap.js';
import { earlyWarnings } from './panels/earlyWarnings.js';
import { hotspots } from './panels/hotspots.js';
import { hourlyTrend } from './panels/hourlyTrend.js';
import { kpiStrip } from './panels/kpiStrip.js';
import { liveFeed } from './panels/liveFeed.js';
import { massDisputes } from './panels/massDisputes.js';
import { overdueList } from './panels/overdueList.js';
import { statusBar } from './panels/statusBar.js';
import { typeShare } from './panels/typeShare.js';
import { workload } from './panels/workload.js';

const loadedAt = Date.now();
const stage = document.getElementById('stage');
const stopFitting = fitStage(stage);

function block(title, text) {
  document.getElementById('blocker-title').textContent = title;
  document.getElementById('blocker-text').textContent = text;
  document.getElementById('blocker').hidden = false;
  stage.hidden = true;
}

function start(token) {
  const section = (name) => stage.querySelector(`[data-panel="${name}"]`);
  const status = statusBar(stage);
  const map = districtMap(section('districtMap'));
  /** Which panel draws which address. */
  const panels = {
    'live.kpi': kpiStrip(document.getElementById('kpi-strip')),
    'live.types': typeShare(section('typeShare')),
    'live.trend': hourlyTrend(section('hourlyTrend')),
    'live.channels': channelShare(section('channelShare')),
    'live.hotspots': hotspots(section('hotspots')),
    'live.regions': map,
    'live.feed': liveFeed(section('liveFeed')),
    'live.warnings': earlyWarnings(section('earlyWarnings')),
    'live.overdue': overdueList(section('overdueList')),
    'live.mass': massDisputes(section('massDisputes')),
    'live.workload': workload(section('workload')),
    'live.heartbeat': { update: (beat) => status.heartbeat(beat), dispose() {} },
  };

  function apply(address, message) {
    try {
      panels[address]?.update(message.data ?? {}, message);
    } catch (error) {
      // one malformed payload must not stop the other panels (or the next update of this one)
      console.error(`panel for ${address} failed`, error);
    }
  }

  // Updates may come 5 times a second per address; a panel draws only the latest, once per frame.
  // The feed and the heartbeat are applied as they come: feed updates carry only new events.
  const pending = new Map();
  let frame = 0;
  const flush = () => {
    frame = 0;
    for (const [address, message] of pending) {
      apply(address, message);
    }
    pending.clear();
  };

  // The whole state of each changes-only address: a snapshot replaces it, an update merges in.
  const held = new Map();

  function receive(address, incoming) {
    let message = incoming;
    if (CHANGES_ONLY.has(address)) {
      const data = message.snapshot || !held.has(address) ? message.data : mergeChanges(held.get(address), message.data);
      held.set(address, data);
      message = { ...message, data };
    }
    if (address === 'live.feed' || address === 'live.heartbeat') {
      apply(address, message);
      return;
    }
    pending.set(address, message);
    if (!frame) {
      frame = requestAnimationFrame(flush);
    }
  }

  const connection = new LiveConnection(token, {
    onMessage(address, message) {
      if (address === 'live.pulse') {
        unpackPulse(message).forEach(([panel, part]) => receive(panel, part));
      } else {
        receive(address, message);
      }
    },
    onState: (state) => status.connection(state),
    onUnauthorized: () => block('访问令牌无效', '此大屏的访问令牌无效或已被撤销，未加载任何数据。请向指挥中心管理员索取新的大屏地址（/wall?token=…）。'),
  });
  connection.start();

  window.addEventListener('pagehide', () => {
    connection.stop();
    cancelAnimationFrame(frame);
    Object.values(panels).forEach((panel) => panel.dispose());
    status.dispose();
    stopFitting();
  }, { once: true });

  // A read-only handle for operations and the browser tests; it changes nothing.
  Object.defineProperty(window, '__wall', {
    value: Object.freeze({
      loadedAt,
      connectionState: () => connection.state,
      selectedDistrict: () => map.selected(),
      chartNames: () => [...charts.keys()],
      chartOption: (name) => {
        const chart = charts.get(name);
        return chart ? JSON.parse(JSON.stringify(chart.getOption())) : null;
      },
    }),
  });
}

const token = readToken();
if (token) {
  start(token);
} else {
  block('缺少访问令牌', '请使用指挥中心提供的大屏地址打开本页（/wall?token=…）。');
}
