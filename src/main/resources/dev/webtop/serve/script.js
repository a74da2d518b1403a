// webtop's tracker: <script defer data-domain="example.com" src="https://stats.example.com/js/script.js"></script>
(function (w, d) {
  var s = d.currentScript, site = s.getAttribute('data-domain'), last,
    api = s.getAttribute('data-api') || new URL(s.src, location.href).origin + '/api/event';
  function send(name, props) {
    var page = location.pathname + location.search;
    if (name === 'pageview') { if (page === last) return; last = page; }
    fetch(api, {method: 'POST', keepalive: true, headers: {'Content-Type': 'text/plain'},
      body: JSON.stringify({name: name, url: location.href, domain: site, referrer: d.referrer || null, props: props || null})
    }).catch(function () {});
  }
  var push = w.history.pushState;
  w.history.pushState = function () { push.apply(this, arguments); send('pageview'); };
  w.addEventListener('popstate', function () { send('pageview'); });
  w.webtop = send;
  send('pageview');
})(window, document);
