/** The light theme's colours for charts (pages.css has the same values as custom properties). */
export const COLORS = {
  text: '#1f2a3d',
  muted: '#6b778c',
  faint: '#9aa5b8',
  grid: '#e8ecf3',
  axis: '#c9d1de',
  primary: '#1d5fd1',
  previous: '#b8c2d3',
  yoy: '#f29b38',
  good: '#12946b',
  bad: '#d64541',
};

export const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

/** Ten well-separated colours on white, in the order groups are ranked. */
export const PALETTE = ['#1d5fd1', '#36b37e', '#f29b38', '#8a5cd1', '#e5534b', '#22a2c3', '#c9a227', '#d45d9c',
  '#5c7cfa', '#7a8699'];

export function baseOption() {
  return {
    backgroundColor: 'transparent',
    color: PALETTE,
    textStyle: { fontFamily: FONT, color: COLORS.text, fontSize: 12 },
    animationDuration: 400,
    animationDurationUpdate: 300,
    tooltip: {
      trigger: 'axis',
      confine: true,
      backgroundColor: 'rgba(255,255,255,0.97)',
      borderColor: COLORS.axis,
      textStyle: { color: COLORS.text, fontSize: 12 },
      extraCssText: 'box-shadow: 0 4px 16px rgba(20,40,80,.12); border-radius: 6px;',
    },
  };
}

export function categoryAxis(extra = {}) {
  return {
    type: 'category',
    axisLine: { lineStyle: { color: COLORS.axis } },
    axisTick: { show: false },
    axisLabel: { color: COLORS.muted, fontSize: 12, hideOverlap: true },
    ...extra,
  };
}

export function valueAxis(extra = {}) {
  return {
    type: 'value',
    axisLine: { show: false },
    axisTick: { show: false },
    splitLine: { lineStyle: { color: COLORS.grid } },
    axisLabel: { color: COLORS.muted, fontSize: 12 },
    ...extra,
  };
}

export function legend(extra = {}) {
  return {
    top: 0,
    right: 0,
    icon: 'roundRect',
    itemWidth: 12,
    itemHeight: 8,
    textStyle: { color: COLORS.muted, fontSize: 12 },
    ...extra,
  };
}
