// Gauntlet admin UI: CSRF header on htmx requests, upload progress, and charts (Chart.js from webjars).
(function () {
  'use strict';

  function ready(fn) {
    if (document.readyState !== 'loading') { fn(); } else { document.addEventListener('DOMContentLoaded', fn); }
  }

  function meta(name) {
    var m = document.querySelector('meta[name="' + name + '"]');
    return m ? m.getAttribute('content') : null;
  }

  function data(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  var palette = ['#0b57b0', '#a4161a', '#146c2e', '#6a1b9a', '#b35c00', '#00695c', '#4a5058'];

  function line(id, series, xTitle, yTitle) {
    var canvas = document.getElementById(id);
    if (!canvas || !window.Chart) { return; }
    new Chart(canvas, {
      type: 'line',
      data: { datasets: series.map(function (s, i) {
        return { label: s.label, data: s.data, borderColor: palette[i % palette.length],
          backgroundColor: palette[i % palette.length], pointRadius: 2, tension: 0.2 };
      }) },
      options: { animation: false, parsing: true, maintainAspectRatio: false,
        scales: { x: { type: 'linear', title: { display: true, text: xTitle } },
          y: { title: { display: true, text: yTitle } } } }
    });
  }

  function bar(id, labels, values, label) {
    var canvas = document.getElementById(id);
    if (!canvas || !window.Chart) { return; }
    new Chart(canvas, {
      type: 'bar',
      data: { labels: labels, datasets: [{ label: label, data: values, backgroundColor: '#0b57b0' }] },
      options: { animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } } }
    });
  }

  ready(function () {
    if (window.htmx) {
      document.body.addEventListener('htmx:configRequest', function (event) {
        var header = meta('csrf-header');
        var token = meta('csrf-token');
        if (header && token) { event.detail.headers[header] = token; }
      });
      document.body.addEventListener('htmx:xhr:progress', function (event) {
        var bar = document.getElementById('upload-progress');
        if (bar && event.detail.lengthComputable) {
          bar.value = Math.round(event.detail.loaded / event.detail.total * 100);
        }
      });
    }
    var run = data('run-chart-data');
    if (run) {
      line('reward-chart', run.reward || [], 'step', 'mean reward');
      line('length-chart', run.length || [], 'step', 'tokens');
      bar('accuracy-chart', run.accuracyLabels || [], run.accuracy || [], 'accuracy');
    }
    var job = data('job-chart-data');
    if (job) {
      bar('reward-histogram', job.rewards.labels || [], job.rewards.counts || [], 'rollouts');
      var counts = job.counts || {};
      bar('status-counts', Object.keys(counts), Object.keys(counts).map(function (k) { return counts[k]; }), 'rollouts');
    }
  });
})();
