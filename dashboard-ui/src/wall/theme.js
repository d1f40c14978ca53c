/** Colours and text styles shared by the chart panels (the CSS has the same values). */
export const COLORS = {
  text: '#dcecff',
  strong: '#ffffff',
  muted: '#86a4cc',
  grid: 'rgba(64, 150, 255, 0.18)',
  axis: 'rgba(64, 150, 255, 0.45)',
  accent: '#3ad8ff',
  blue: '#2f7bff',
  green: '#3ddc97',
  yellow: '#ffd93d',
  orange: '#ff9a2e',
  red: '#ff4d4f',
  panel: '#061a36',
};

export const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
export const FIGURES = '"Barlow Condensed", "Noto Sans CJK SC", sans-serif';

/** Sixteen colours that stay apart on the dark background; categories keep theirs (see colourFor). */
export const PALETTE = [
  '#3ad8ff', '#2f7bff', '#3ddc97', '#ffd93d', '#ff9a2e', '#a46eff', '#ff6b9a', '#00c2a8',
  '#7ea6ff', '#c6e377', '#ffb3c7', '#4dd0e1', '#f06292', '#b39ddb', '#ffcc80', '#90a4ae',
];

/**
 * A colour per category code that does not change when ranks change: a wall viewer learns that
 * "labour" is orange. Codes are numbered in sorted order of the full list the server sends.
 */
export function categoryColours() {
  const byCode = new Map();
  return {
    learn(items) {
      if (byCode.size >= items.length) {
        return;
      }
      [...items].map((i) => i.code).sort().forEach((code, index) => byCode.set(code, PALETTE[index % PALETTE.length]));
    },
    of(code) {
      return byCode.get(code) ?? PALETTE[PALETTE.length - 1];
    },
  };
}

/** What every chart shares: transparent background, the wall's fonts, short update animations. */
export function baseOption() {
  return {
    backgroundColor: 'transparent',
    color: PALETTE,
    textStyle: { fontFamily: FONT, color: COLORS.text, fontSize: 15 },
    animationDuration: 600,
    animationDurationUpdate: 400,
  };
}

export function valueAxisStyle() {
  return {
    axisLine: { show: false },
    axisTick: { show: false },
    splitLine: { lineStyle: { color: COLORS.grid, type: 'dashed' } },
    axisLabel: { color: COLORS.muted, fontSize: 14, fontFamily: FIGURES },
  };
}

export function categoryAxisStyle() {
  return {
    axisLine: { lineStyle: { color: COLORS.axis } },
    axisTick: { show: false },
    axisLabel: { color: COLORS.text, fontSize: 15 },
  };
}

/** A left-to-right gradient for horizontal bars. */
export function barGradient(from, to) {
  return {
    type: 'linear', x: 0, y: 0, x2: 1, y2: 0,
    colorStops: [{ offset: 0, color: from }, { offset: 1, color: to }],
  };
}
