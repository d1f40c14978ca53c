/**
 * ECharts with only what the analyst pages draw (lines, bars, tooltips, legends). The wall's
 * wall/echarts.js registers no tooltip, which a desk page needs. SVG keeps the charts sharp when
 * printed.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { echarts };
