{% autoescape off %}// The portal's service worker (served at /portal/sw.js by programs/pwa/views.py; its
// scope is the portal only, so practice pages never pass through it).
//
// What it keeps on the device, and nothing else:
// - the assets every portal page needs (CSS, scripts, icons), on install;
// - the pages listed in CONFIG.pages (Today, the check-in form, the urgent-advice page),
//   each time they load from the network without a query string, so the last copy
//   opened online is there offline;
// - the pictures of today's exercises, when the Today page lists them ("keep").
// Posts are never touched: a form sent while offline is kept by portal-app.js in
// IndexedDB and sent when the connection returns. Logging out ("forget", and the
// Clear-Site-Data header on the logout answer) deletes every cache it made.
"use strict";

const CONFIG = {{ config }};
const VERSION = "{{ version }}";
const PAGES = "portal-pages-" + VERSION;
const ASSETS = "portal-assets-" + VERSION;
const MEDIA = "portal-media-" + VERSION;
const OURS = [PAGES, ASSETS, MEDIA];
const PAGE_FRESH_MS = 60 * 60 * 1000;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(ASSETS).then(function (cache) {
      return cache.addAll(CONFIG.assets);
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("portal-") === 0 && OURS.indexOf(name) === -1;
      }).map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

function forget() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("portal-") === 0;
    }).map(function (name) {
      return caches.delete(name);
    }));
  });
}

function keptPage(url) {
  return url.origin === self.location.origin && CONFIG.pages.indexOf(url.pathname) !== -1;
}

function offlineAnswer() {
  const styles = CONFIG.assets.filter(function (path) {
    return path.slice(-4) === ".css";
  }).map(function (path) {
    return "<link rel=\"stylesheet\" href=\"" + path + "\">";
  }).join("");
  const body = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
    "<title>Offline · " + CONFIG.clinic.replace(/[<>&"]/g, "") + "</title>" + styles + "</head>" +
    "<body><main class=\"container py-3\"><h1 class=\"h2\">You are offline</h1>" +
    "<p>This page has not been opened on this phone while online, so there is no copy of it here. " +
    "Connect to the internet and try again.</p><p><a href=\"" + CONFIG.scope + "\">Today's exercises</a></p>" +
    "</main></body></html>";
  return new Response(body, {status: 503, headers: {"Content-Type": "text/html; charset=utf-8"}});
}

// Network first; the copy kept on the device when there is no network.
function page(request, url) {
  return fetch(request).then(function (response) {
    if (response.ok && response.type === "basic" && !response.redirected && url.search === "") {
      const copy = response.clone();
      caches.open(PAGES).then(function (cache) {
        return cache.put(url.pathname, copy);
      });
    }
    return response;
  }).catch(function () {
    return caches.match(url.pathname, {cacheName: PAGES, ignoreVary: true}).then(function (kept) {
      return kept || offlineAnswer();
    });
  });
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    // Any other page: the network only, never kept; a short note when offline.
    event.respondWith(keptPage(url) ? page(request, url) : fetch(request).catch(offlineAnswer));
    return;
  }
  if (CONFIG.assets.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(url.pathname, {cacheName: ASSETS}).then(function (kept) {
      return kept || fetch(request);
    }));
    return;
  }
  // A picture kept for today's program: the network when there is one, else the copy.
  event.respondWith(fetch(request).catch(function () {
    return caches.match(url.pathname + url.search, {cacheName: MEDIA, ignoreVary: true}).then(function (kept) {
      return kept || Response.error();
    });
  }));
});

function fresh(response) {
  const date = Date.parse(response.headers.get("Date") || "");
  return !isNaN(date) && Date.now() - date < PAGE_FRESH_MS &&
    new Date(date).toDateString() === new Date().toDateString();
}

// The Today page lists what to keep: the other pages of CONFIG.pages (so the check-in
// form works offline even if it was never opened) and its pictures. Pictures of an
// earlier program are dropped.
// The pages and pictures kept belong to one client: when another signs in on this
// phone (without logging out first), the first one's copies go before anything is kept.
const OWNER_KEY = CONFIG.scope + "owner";

function ownedBy(owner) {
  return caches.open(PAGES).then(function (cache) {
    return cache.match(OWNER_KEY).then(function (kept) {
      return kept ? kept.text() : null;
    }).then(function (stored) {
      if (stored === owner) {
        return null;
      }
      return Promise.all([caches.delete(PAGES), caches.delete(MEDIA)]).then(function () {
        return caches.open(PAGES);
      }).then(function (fresh) {
        return fresh.put(OWNER_KEY, new Response(owner));
      });
    });
  });
}

function keep(media) {
  const pages = caches.open(PAGES).then(function (cache) {
    return Promise.all(CONFIG.pages.map(function (path) {
      return cache.match(path, {ignoreVary: true}).then(function (kept) {
        if (kept && fresh(kept)) {
          return null;
        }
        return fetch(path, {credentials: "same-origin", redirect: "manual"}).then(function (response) {
          return response.ok && response.type === "basic" ? cache.put(path, response) : null;
        }).catch(function () { return null; });
      });
    }));
  });
  const pictures = caches.open(MEDIA).then(function (cache) {
    const wanted = media.map(function (href) {
      const url = new URL(href, self.location.origin);
      return url.origin === self.location.origin ? url.pathname + url.search : null;
    }).filter(Boolean);
    return cache.keys().then(function (requests) {
      return Promise.all(requests.map(function (request) {
        const url = new URL(request.url);
        return wanted.indexOf(url.pathname + url.search) === -1 ? cache.delete(request) : null;
      }));
    }).then(function () {
      return Promise.all(wanted.map(function (path) {
        return cache.match(path).then(function (kept) {
          return kept || cache.add(path).catch(function () { return null; });
        });
      }));
    });
  });
  return Promise.all([pages, pictures]);
}

// Exercise reminders (programs/reminders/): tap opens today's session; "Stop reminders"
// turns them off through the signed link without opening anything.
self.addEventListener("push", function (event) {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  event.waitUntil(self.registration.showNotification(data.title || CONFIG.clinic, {
    body: data.body || "",
    tag: data.tag || "exercise-reminder",
    icon: CONFIG.icon,
    badge: CONFIG.icon,
    data: {url: data.url || CONFIG.scope, off: data.off_url || null},
    actions: data.off_url ? [{action: "off", title: "Stop reminders"}] : []
  }));
});

self.addEventListener("notificationclick", function (event) {
  const data = event.notification.data || {};
  event.notification.close();
  if (event.action === "off" && data.off) {
    event.waitUntil(fetch(data.off, {method: "POST", headers: {"Accept": "application/json"}}).then(function () {
      return self.registration.showNotification("Reminders are off", {
        body: "Turn them back on from Reminders in the portal.", tag: "exercise-reminder", icon: CONFIG.icon
      });
    }).catch(function () {
      return self.clients.openWindow(data.off);
    }));
    return;
  }
  const target = new URL(data.url || CONFIG.scope, self.location.origin).href;
  event.waitUntil(self.clients.matchAll({type: "window", includeUncontrolled: true}).then(function (windows) {
    for (const client of windows) {
      if (client.url === target && "focus" in client) {
        return client.focus();
      }
    }
    return self.clients.openWindow(target);
  }));
});

self.addEventListener("message", function (event) {
  const data = event.data || {};
  if (data.type === "keep" && Array.isArray(data.media) && typeof data.owner === "string") {
    event.waitUntil(ownedBy(data.owner).then(function () {
      return keep(data.media);
    }).then(function () {
      if (event.source) {
        event.source.postMessage({type: "kept"});
      }
    }));
  } else if (data.type === "forget") {
    event.waitUntil(forget().then(function () {
      if (event.source) {
        event.source.postMessage({type: "forgotten"});
      }
    }));
  }
});
{% endautoescape %}
