/* chainlead workspace: the charts of the chain, map and trip pages, drawn with ECharts from the page's
 * JSON data island (#page-data), and the small behaviours of every page. No inline script is allowed
 * by the pages' content security policy, and every text shown in HTML (tooltips) is escaped here. */
(function () {
  'use strict';

  function escapeHtml(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function fmt(v, digits, none) {
    return typeof v === 'number' && isFinite(v) ? v.toFixed(digits) : none;
  }

  // Every page: selects that submit their form, links that print.
  function behaviours() {
    document.querySelectorAll('select[data-autosubmit]').forEach(function (el) {
      el.addEventListener('change', function () {
        if (el.form) el.form.submit();
      });
    });
    document.querySelectorAll('[data-print]').forEach(function (el) {
      el.addEventListener('click', function (e) {
        e.preventDefault();
        window.print();
      });
    });
  }

  function chartIn(id) {
    var el = document.getElementById(id || 'chart');
    if (!el || typeof echarts === 'undefined') return null;
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    window.addEventListener('resize', function () { chart.resize(); });
    return chart;
  }

  var TEXT_DARK = '#3b2f00';
  var FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", chainlead-cjk, sans-serif';

  // Charts draw text on a canvas: the fallback font must be loaded before they draw.
  function fontsReady(then) {
    if (!document.fonts || !document.fonts.load) { then(); return; }
    document.fonts.load('12px chainlead-cjk', '中').then(then, then);
  }

  // The gap map of one chain: boxes at the layout's positions (a pixel canvas of data.width ×
  // data.height), scaled to the chart's width, coloured by status, links as arrows.
  function chainMap(data) {
    var el = document.getElementById('chart');
    if (!el || typeof echarts === 'undefined') return;
    var scale = Math.max(0.55, el.clientWidth / data.width);
    el.style.height = Math.ceil(data.height * scale) + 'px';
    var chart = chartIn();
    var L = data.labels || {};
    var index = {};
    data.nodes.forEach(function (n, i) { index[n.id] = i; });
    var nodes = data.nodes.map(function (n) {
      return {
        id: n.id,
        name: n.name,
        value: [n.x + n.w / 2, n.y + n.h / 2],
        symbol: 'rect',
        symbolSize: [n.w * scale, n.h * scale],
        itemStyle: { color: n.color, borderColor: '#ffffff', borderWidth: 1 },
        label: {
          show: true,
          color: n.status === 'weak' ? TEXT_DARK : '#ffffff',
          fontSize: 12,
          width: n.w * scale - 10,
          overflow: 'truncate',
          formatter: function () { return n.name; }
        },
        raw: n
      };
    });
    var links = data.links
      .filter(function (l) { return l.source in index && l.target in index; })
      .map(function (l) { return { source: index[l.source], target: index[l.target] }; });
    var bands = (data.bands || []).map(function (b) {
      return { name: b.name, value: [b.x, b.y + 14] };
    });
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: FONT },
      grid: { left: 0, right: 0, top: 0, bottom: 0 },
      xAxis: { type: 'value', min: 0, max: data.width, show: false },
      yAxis: { type: 'value', min: 0, max: data.height, inverse: true, show: false },
      tooltip: {
        trigger: 'item',
        confine: true,
        extraCssText: 'max-width:380px;white-space:normal;',
        formatter: function (p) {
          if (p.dataType !== 'node' || !p.data.raw) return '';
          var n = p.data.raw;
          return '<b>' + escapeHtml(n.name) + '</b> · ' + escapeHtml(n.status_label) + '<br>' +
            escapeHtml(L.local) + '：' + escapeHtml(n.local) + '　' +
            escapeHtml(L.lq) + '：' + escapeHtml(fmt(n.lq, 2, L.none)) + '<br>' +
            escapeHtml(L.density) + '：' + escapeHtml(fmt(n.density, 2, L.none)) + '　' +
            escapeHtml(L.priority) + '：' + escapeHtml(fmt(n.priority, 2, L.none)) + '<br>' +
            '<span style="color:#555">' + escapeHtml(n.explanation) + '</span>';
        }
      },
      series: [{
        type: 'graph',
        layout: 'none',
        coordinateSystem: 'cartesian2d',
        data: nodes,
        links: links,
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 7,
        lineStyle: { color: '#9aa8b8', width: 1, curveness: 0.2, opacity: 0.7 },
        emphasis: { focus: 'adjacency', lineStyle: { width: 2, color: '#1565c0', opacity: 1 } },
        blur: { itemStyle: { opacity: 0.25 }, lineStyle: { opacity: 0.08 } },
        z: 2
      }, {
        // The band headers: text only, above each band's boxes.
        type: 'scatter',
        data: bands,
        symbolSize: 0,
        silent: true,
        tooltip: { show: false },
        label: {
          show: true, position: 'right', distance: 0, color: '#0d3b66', fontWeight: 'bold',
          fontSize: 13, formatter: function (p) { return p.name; }
        },
        z: 1
      }]
    });
    chart.on('click', function (p) {
      if (p.dataType === 'node' && p.data && p.data.raw && p.data.raw.url) {
        window.location.href = p.data.raw.url;
      }
    });
  }

  function registerChina(then) {
    if (echarts.getMap && echarts.getMap('china')) { then(); return; }
    fetch('/assets/vendor/china.json')
      .then(function (r) { return r.json(); })
      .then(function (geo) { echarts.registerMap('china', geo); then(); });
  }

  function geoOption() {
    return {
      map: 'china',
      roam: true,
      zoom: 1.15,
      scaleLimit: { min: 0.8, max: 60 },
      label: { show: true, fontSize: 9, color: '#8a9bb0' },
      itemStyle: { areaColor: '#eef3f9', borderColor: '#9fb3c8' },
      emphasis: { label: { show: true }, itemStyle: { areaColor: '#dbe7f5' } }
    };
  }

  function homeSeries(home, label) {
    return {
      type: 'effectScatter',
      name: label,
      coordinateSystem: 'geo',
      data: [{ name: home.name, value: [home.lon, home.lat] }],
      symbolSize: 14,
      itemStyle: { color: '#d32f2f' },
      label: { show: true, position: 'right', formatter: label, color: '#d32f2f', fontWeight: 'bold' },
      tooltip: { formatter: function () { return escapeHtml(home.name); } },
      zlevel: 2
    };
  }

  // Leads on the map of China, merged into bubbles of nearby companies per chain.
  function leadMap(data) {
    var chart = chartIn();
    if (!chart) return;
    var L = data.labels || {};
    var CELL = 42;
    var colors = {};
    data.chains.forEach(function (c) { colors[c.id] = c.color; });

    function clusters(chainId) {
      var cells = {};
      data.points.forEach(function (p) {
        if (p.chain !== chainId) return;
        var px = chart.convertToPixel({ geoIndex: 0 }, [p.lon, p.lat]);
        if (!px) return;
        var key = Math.floor(px[0] / CELL) + ':' + Math.floor(px[1] / CELL);
        (cells[key] = cells[key] || []).push(p);
      });
      return Object.keys(cells).map(function (k) {
        var m = cells[k].sort(function (a, b) { return b.score - a.score; });
        var lon = 0, lat = 0;
        m.forEach(function (p) { lon += p.lon; lat += p.lat; });
        return {
          name: m[0].name,
          value: [lon / m.length, lat / m.length, m.length],
          members: m,
          symbolSize: Math.min(48, 9 + 5 * Math.sqrt(m.length - 1)),
          label: { show: m.length > 1, formatter: String(m.length), color: '#fff', fontSize: 10 }
        };
      });
    }

    function series() {
      var out = data.chains.map(function (c) {
        return {
          type: 'scatter',
          name: c.name,
          coordinateSystem: 'geo',
          data: clusters(c.id),
          itemStyle: { color: c.color, opacity: 0.82, borderColor: '#fff', borderWidth: 1 },
          label: { position: 'inside' },
          zlevel: 1
        };
      });
      out.push(homeSeries(data.home, L.home));
      return out;
    }

    registerChina(function () {
      chart.setOption({
        animation: false,
        textStyle: { fontFamily: FONT },
        legend: { top: 10, left: 10, data: data.chains.map(function (c) { return c.name; }) },
        tooltip: {
          trigger: 'item',
          confine: true,
          extraCssText: 'max-width:360px;white-space:normal;',
          formatter: function (p) {
            var m = p.data && p.data.members;
            if (!m) return '';
            var lines = m.slice(0, 5).map(function (x) {
              return escapeHtml(x.name) + ' <span style="color:#888">' + escapeHtml(x.city) + ' · ' +
                escapeHtml(x.node) + ' · ' + fmt(x.score, 2, '') + '</span>';
            });
            if (m.length > 5) lines.push('…' + escapeHtml(L.more) + ' ' + m.length + ' ' + escapeHtml(L.leads));
            return '<b>' + escapeHtml(p.seriesName) + '</b><br>' + lines.join('<br>') +
              (m.length === 1 ? '<br><i>' + escapeHtml(L.click) + '</i>' : '');
          }
        },
        geo: geoOption(),
        series: []
      });
      chart.setOption({ series: series() });
      var timer = null;
      chart.on('georoam', function () {
        clearTimeout(timer);
        timer = setTimeout(function () { chart.setOption({ series: series() }); }, 120);
      });
      chart.on('click', function (p) {
        var m = p.data && p.data.members;
        if (!m) return;
        var zoom = chart.getOption().geo[0].zoom || 1;
        if (m.length === 1 || zoom >= 40) {
          window.location.href = m[0].url;
          return;
        }
        chart.setOption({ geo: { center: [p.data.value[0], p.data.value[1]], zoom: zoom * 2.5 } });
        chart.setOption({ series: series() });
      });
    });
  }

  // A trip's route: home, then the stops in order, coloured by day.
  function tripMap(data) {
    var chart = chartIn();
    if (!chart) return;
    var L = data.labels || {};
    var palette = ['#1565c0', '#ef6c00', '#2e7d32', '#6a1b9a', '#00838f', '#ad1457', '#558b2f'];
    function day(n) { return palette[(n - 1) % palette.length]; }
    var from = [data.home.lon, data.home.lat];
    var lines = [];
    data.stops.forEach(function (s) {
      var to = [s.lon, s.lat];
      lines.push({ coords: [from, to], lineStyle: { color: day(s.day) }, day: s.day });
      from = to;
    });
    registerChina(function () {
      chart.setOption({
        animation: false,
        textStyle: { fontFamily: FONT },
        tooltip: {
          trigger: 'item',
          confine: true,
          formatter: function (p) {
            var s = p.data && p.data.stop;
            if (!s) return '';
            return '<b>' + escapeHtml(L.stop.replace('{n}', s.order)) + ' · ' +
              escapeHtml(L.day.replace('{n}', s.day)) + ' · ' + escapeHtml(s.city) + '</b><br>' +
              s.companies.map(function (c) { return escapeHtml(c.name); }).join('<br>');
          }
        },
        geo: geoOption(),
        series: [
          {
            type: 'lines',
            coordinateSystem: 'geo',
            data: lines,
            symbol: ['none', 'arrow'],
            symbolSize: 9,
            lineStyle: { width: 2, opacity: 0.85, curveness: 0.15 },
            zlevel: 1
          },
          {
            type: 'scatter',
            coordinateSystem: 'geo',
            data: data.stops.map(function (s) {
              return {
                name: s.city,
                value: [s.lon, s.lat],
                stop: s,
                itemStyle: { color: day(s.day) },
                label: { show: true, formatter: String(s.order), color: '#fff', fontWeight: 'bold' }
              };
            }),
            symbolSize: 22,
            label: { position: 'inside' },
            zlevel: 2
          },
          homeSeries(data.home, data.home.name)
        ]
      });
    });
  }

  function main() {
    behaviours();
    var island = document.getElementById('page-data');
    if (!island) return;
    var data;
    try {
      data = JSON.parse(island.textContent);
    } catch (e) {
      return;
    }
    fontsReady(function () {
      if (data.kind === 'chain') chainMap(data);
      else if (data.kind === 'map') leadMap(data);
      else if (data.kind === 'trip') tripMap(data);
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
  else main();
})();
