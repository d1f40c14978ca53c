/**
 * ECharts with only the parts the wall uses. SVG rendering keeps lines and text sharp when the
 * stage is scaled up to a 4K wall, where a canvas laid out at 1920x1080 would be blurred.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { measureText } from './textWidth.js';

echarts.use([BarChart, LineChart, MapChart, PieChart, GridComponent, LegendComponent, VisualMapComponent, SVGRenderer]);
// keeps Chromium's cache of measured strings from growing for as long as the wall runs (textWidth.js)
echarts.setPlatformAPI({ measureText });

export { echarts };
