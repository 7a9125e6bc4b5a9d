// Draws ECharts options sent by io.bulkhead.ui.components.Chart. Lumo colours are CSS custom properties that may use
// light-dark(); ECharts needs plain colours, so each is resolved through a probe element's computed style.
(function () {
  if (window.bulkheadCharts) {
    return;
  }
  function resolve(el, cssValue) {
    const probe = document.createElement('span');
    probe.style.color = cssValue;
    probe.style.display = 'none';
    el.appendChild(probe);
    const c = getComputedStyle(probe).color;
    probe.remove();
    return c;
  }
  const palette = ['--lumo-primary-color', '--lumo-success-color', '--lumo-error-color', '--lumo-warning-color',
    '--lumo-contrast-60pct', '--lumo-primary-color-50pct', '--lumo-success-color-50pct', '--lumo-error-color-50pct'];
  // "lumo:--lumo-x" anywhere in the option becomes the resolved colour
  function colours(el, v) {
    if (Array.isArray(v)) {
      return v.map((x) => colours(el, x));
    }
    if (v && typeof v === 'object') {
      const o = {};
      for (const k of Object.keys(v)) {
        o[k] = colours(el, v[k]);
      }
      return o;
    }
    if (typeof v === 'string' && v.startsWith('lumo:')) {
      return resolve(el, 'var(' + v.substring(5) + ')');
    }
    return v;
  }
  function draw(el, option) {
    if (!window.echarts) {
      return false;
    }
    const text = resolve(el, 'var(--lumo-body-text-color)');
    const muted = resolve(el, 'var(--lumo-secondary-text-color)');
    const grid = resolve(el, 'var(--lumo-contrast-10pct)');
    const o = colours(el, option);
    o.color = o.color || palette.map((p) => resolve(el, 'var(' + p + ')'));
    o.textStyle = Object.assign({ color: text, fontFamily: getComputedStyle(el).fontFamily }, o.textStyle || {});
    o.animation = false;
    for (const axis of [].concat(o.xAxis || [], o.yAxis || [])) {
      axis.axisLabel = Object.assign({ color: muted }, axis.axisLabel || {});
      axis.axisLine = Object.assign({ lineStyle: { color: grid } }, axis.axisLine || {});
      axis.splitLine = Object.assign({ lineStyle: { color: grid } }, axis.splitLine || {});
    }
    if (o.legend) {
      o.legend.textStyle = Object.assign({ color: text }, o.legend.textStyle || {});
    }
    const chart = window.echarts.getInstanceByDom(el) || window.echarts.init(el, null, { renderer: 'svg' });
    chart.setOption(o, true);
    if (!el.bulkheadResize) {
      el.bulkheadResize = new ResizeObserver(() => chart.resize());
      el.bulkheadResize.observe(el);
    }
    el.setAttribute('data-drawn', 'true');
    return true;
  }
  window.bulkheadCharts = {
    draw: function (el, option) {
      (function go(n) {
        if (!draw(el, option) && n < 200) {
          setTimeout(() => go(n + 1), 50);
        }
      })(0);
    },
  };
})();
