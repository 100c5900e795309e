// The portal's charts: drawn with the bundled ECharts from the figures the API gives (money in
// 分, exact; shown in 万元 with two decimals).
(function () {
  'use strict';
  var wan = function (fen) { return (fen / 1000000).toFixed(2); };
  var bar = function (el, names, values, onClick) {
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v + ' 万元'; } },
      grid: { left: 12, right: 48, top: 12, bottom: 12, containLabel: true },
      xAxis: { type: 'value', name: '万元' },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 260, overflow: 'truncate' } },
      series: [{ type: 'bar', data: values, itemStyle: { color: '#8b1c1c' } }],
      animation: false
    });
    if (onClick) { chart.on('click', onClick); }
    window.addEventListener('resize', function () { chart.resize(); });
    return chart;
  };

  var fn = document.getElementById('function-chart');
  if (fn) {
    fetch(fn.dataset.figures).then(function (r) { return r.json(); }).then(function (f) {
      var crumbs = document.getElementById('crumbs');
      var chart = null;
      var path = [];
      var show = function (nodes) {
        var names = nodes.map(function (n) { return n.code + ' ' + n.name; });
        var values = nodes.map(function (n) { return wan(n.total); });
        if (chart) { chart.dispose(); }
        chart = bar(fn, names, values, function (p) {
          var n = nodes[p.dataIndex];
          if (n && n.children && n.children.length) { path.push(n); show(n.children); }
        });
        fn.dataset.level = String(path.length);
        fn.dataset.shown = names.join('|');
        crumbs.textContent = '';
        var top = document.createElement('a');
        top.textContent = '全部（类）';
        top.onclick = function () { path = []; show(f.by_function); };
        crumbs.appendChild(top);
        path.forEach(function (n, i) {
          crumbs.appendChild(document.createTextNode(' › '));
          var a = document.createElement('a');
          a.textContent = n.code + ' ' + n.name;
          a.onclick = function () { path = path.slice(0, i + 1); show(n.children); };
          crumbs.appendChild(a);
        });
      };
      show(f.by_function);
      var eco = document.getElementById('economic-chart');
      if (eco) {
        bar(eco, f.by_economic.map(function (n) { return n.code + ' ' + n.name; }),
            f.by_economic.map(function (n) { return wan(n.total); }));
      }
      var inc = document.getElementById('income-chart');
      if (inc) {
        bar(inc, f.income.map(function (s) { return s.source; }),
            f.income.map(function (s) { return wan(s.amount); }));
      }
    });
  }

  var years = document.getElementById('years');
  if (years) {
    var s = JSON.parse(years.dataset.series);
    bar(years, s.map(function (x) { return String(x[0]); }), s.map(function (x) { return wan(x[1]); }));
  }

  var cmp = document.getElementById('compare-chart');
  if (cmp) {
    var cs = JSON.parse(cmp.dataset.classes);
    var chart = echarts.init(cmp);
    var num = function (s) { return Number(String(s).replace(/,/g, '')); };
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { data: [cmp.dataset.a, cmp.dataset.b] },
      grid: { left: 12, right: 48, top: 32, bottom: 12, containLabel: true },
      xAxis: { type: 'value', name: '万元' },
      yAxis: { type: 'category', inverse: true, data: cs.map(function (c) { return c.code + ' ' + c.name; }) },
      series: [
        { name: cmp.dataset.a, type: 'bar', data: cs.map(function (c) { return num(c.before); }) },
        { name: cmp.dataset.b, type: 'bar', data: cs.map(function (c) { return num(c.after); }) }
      ],
      animation: false
    });
  }
})();
