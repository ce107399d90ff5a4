/* e-guichet service worker {{ version }}: the network first, always.
   - When the network is gone, pages fall back to the offline page and the site's own CSS/JS
     come from the cache (PRECACHE).
   - A few public pages stay readable offline (PAGES: the works list, the agenda, the contact
     page, in each language they exist in), as last seen. Only their anonymous version is
     kept: fetched without cookies (credentials "omit"), or the visitor's own copy when the
     server says it is the anonymous one (the page cache's X-Page-Cache header). Only those
     exact addresses, without a query string, are ever stored: never /bureau/, /cms/, /api/,
     the counter or anything personal.
   docs/website.md, "PWA". */
"use strict";
var CACHE = "e-guichet-{{ version }}";
var PAGES_CACHE = "e-guichet-pages";
var OFFLINE_URL = "/hors-ligne/";
var PRECACHE = [{% for url in precache %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var PAGES = [{% for url in offline_pages %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var REFRESH_AFTER_MS = 6 * 3600 * 1000;

function anonymous(url) {
  // No cookie goes with it: the answer cannot hold anything personal.
  return new Request(url, { credentials: "omit", cache: "no-store" });
}

function storable(response) {
  return response && response.ok && response.status === 200 && response.type === "basic" &&
    !response.redirected && (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
}

function keepPage(url) {
  return fetch(anonymous(url)).then(function (response) {
    if (!storable(response)) { return; }
    return caches.open(PAGES_CACHE).then(function (cache) { return cache.put(url, response); });
  }).catch(function () {});
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) { return cache.addAll(PRECACHE.map(anonymous)); })
      .then(function () { return Promise.all(PAGES.map(keepPage)); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("e-guichet-") === 0 && key !== CACHE && key !== PAGES_CACHE;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () {
      // Pages no longer on the list (a moved or unpublished page) are dropped.
      return caches.open(PAGES_CACHE).then(function (cache) {
        return cache.keys().then(function (requests) {
          return Promise.all(requests.filter(function (request) {
            return PAGES.indexOf(new URL(request.url).pathname) === -1;
          }).map(function (request) { return cache.delete(request); }));
        });
      });
    }).then(function () { return self.clients.claim(); })
  );
});

function offlinePage(request, url) {
  return fetch(request).then(function (response) {
    var copy = response.clone();
    if (storable(response) && response.headers.get("X-Page-Cache")) {
      // The page cache answered: the anonymous page, the same for everyone.
      caches.open(PAGES_CACHE).then(function (cache) { return cache.put(url.pathname, copy); });
    } else {
      caches.open(PAGES_CACHE).then(function (cache) { return cache.match(url.pathname); })
        .then(function (kept) {
          var date = kept && Date.parse(kept.headers.get("Date") || "");
          if (!kept || !date || Date.now() - date > REFRESH_AFTER_MS) { keepPage(url.pathname); }
        });
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES_CACHE).then(function (cache) { return cache.match(url.pathname); })
      .then(function (kept) { return kept || caches.match(OFFLINE_URL); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  var sameOrigin = url.origin === self.location.origin;
  if (request.mode === "navigate") {
    if (sameOrigin && !url.search && PAGES.indexOf(url.pathname) !== -1) {
      event.respondWith(offlinePage(request, url));
      return;
    }
    event.respondWith(fetch(request).catch(function () { return caches.match(OFFLINE_URL); }));
    return;
  }
  if (sameOrigin && PRECACHE.indexOf(url.pathname) !== -1) {
    event.respondWith(fetch(request).catch(function () { return caches.match(url.pathname); }));
  }
});
