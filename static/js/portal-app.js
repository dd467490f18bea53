// The portal as an app: registers the service worker, keeps today's program for offline
// use, and holds forms sent while offline until the connection returns.
//
// THE OFFLINE OUTBOX CONTRACT (any portal form may use it; docs/architecture.md)
//
//   <form method="post" action="..." data-offline-queue
//         data-offline-label="Session log"            (named in "Waiting to send: ...")
//         data-offline-next="/portal/"                (optional: where to go once kept)
//         data-offline-urgent-url="/portal/check-in/stop/">  (optional, see below)
//     {% csrf_token %}{% once_key %} ... plain fields only (no files) ...
//   </form>
//
// - The view must be wrapped in clinic.once.once_per_key (for doors where safety
//   answers are saved first: once_per_key(atomic=False)): the form's once_key is what
//   makes a kept form arrive exactly once, however often it is sent.
// - Online, the form is sent as usual. Offline (navigator.onLine is false), a form that
//   passes the browser's own checks (required, min, max) is stored in IndexedDB
//   ("clinic-portal", store "outbox") with its action URL, fields and once_key; the page
//   says "Waiting to send", the form gets a fresh once_key for the next entry, and
//   the page goes to data-offline-next if given.
// - An input marked data-offline-today gets the phone's date (YYYY-MM-DD) when kept.
// - If a checked input marked data-offline-urgent is in the form (a "yes" to a safety
//   question), the page opens data-offline-urgent-url (kept by the service worker)
//   straight away, so the advice does not wait for the connection.
// - When the connection returns (the "online" event, or any portal page opened
//   online), each kept form is posted once, oldest first, with the same once_key:
//   a redirect answer (the saved result, or the server's "already sent" repeat) marks
//   it sent ("Sent" on the page) and removes it; an answer that lands on the login
//   page, a 5xx or no answer keeps it waiting; the form coming back with errors removes
//   it and asks the client to fill it in again. A redirect to the urgent-advice page
//   opens that page.
// - A page element with data-offline-text="..." shows that text instead when offline
//   (the urgent page's "your answer is saved" is not true yet).
// - What the worker keeps is marked with an opaque name for the signed-in client
//   (data-owner); another client signing in on the same phone drops the first's copies.
// - Logging out sends whatever can be sent first, then empties the outbox and the
//   service worker's caches (the server's Clear-Site-Data header does the same).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("indexedDB" in window)) {
    return;
  }
  var config = script.dataset;
  var DB = "clinic-portal";
  var STORE = "outbox";
  var flushing = null;

  function newKey() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID().replace(/-/g, "");
    }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, {keyPath: "id", autoIncrement: true});
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && result.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function waiting() {
    return withStore("readonly", function (store) { return store.getAll(); });
  }

  // The status line at the top of the page: what is waiting, what was just sent.
  function statusBox() {
    var box = document.getElementById("offline-outbox");
    if (!box) {
      box = document.createElement("div");
      box.id = "offline-outbox";
      box.setAttribute("role", "status");
      box.className = "offline-outbox";
      var main = document.getElementById("main");
      (main || document.body).insertBefore(box, (main || document.body).firstChild);
    }
    return box;
  }

  function say(kind, text) {
    var box = statusBox();
    var line = document.createElement("p");
    line.className = "alert mb-2 alert-" + kind;
    line.textContent = text;
    box.appendChild(line);
    return line;
  }

  function when(iso) {
    return new Date(iso).toLocaleString([], {weekday: "short", hour: "2-digit", minute: "2-digit"});
  }

  function showWaiting() {
    return waiting().then(function (entries) {
      var box = statusBox();
      box.querySelectorAll(".outbox-waiting").forEach(function (line) { line.remove(); });
      entries.forEach(function (entry) {
        var line = say("warning", "Waiting to send: " + entry.label + " (kept on this phone " +
          when(entry.queuedAt) + "). It will be sent when you are back online.");
        line.classList.add("outbox-waiting");
        line.setAttribute("data-entry", String(entry.id));
      });
    });
  }

  function keepForm(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") {
        fields.push([name, value]);
      }
    });
    var today = new Date();
    var iso = today.getFullYear() + "-" + ("0" + (today.getMonth() + 1)).slice(-2) + "-" +
      ("0" + today.getDate()).slice(-2);
    form.querySelectorAll("[data-offline-today]").forEach(function (input) {
      fields.forEach(function (pair) {
        if (pair[0] === input.name) {
          pair[1] = iso;
        }
      });
    });
    var entry = {
      action: form.action,
      fields: fields,
      label: form.dataset.offlineLabel || document.title,
      queuedAt: today.toISOString()
    };
    return withStore("readwrite", function (store) { return store.add(entry); });
  }

  function freshKeys(form) {
    form.querySelectorAll("input[name=once_key]").forEach(function (input) {
      input.value = newKey();
    });
  }

  function onSubmit(event) {
    var form = event.target;
    if (navigator.onLine) {
      return;
    }
    event.preventDefault();
    // A safety "yes" is enough on its own (the server saves it first); else the
    // browser's checks stand in for the server's until the form can be sent.
    var urgent = form.querySelector("[data-offline-urgent]:checked") && form.dataset.offlineUrgentUrl;
    if (!urgent && !form.checkValidity()) {
      form.reportValidity();
      return;
    }
    keepForm(form).then(function () {
      form.reset();
      freshKeys(form);
      if (urgent) {
        window.location.assign(urgent);
      } else if (form.dataset.offlineNext) {
        window.location.assign(form.dataset.offlineNext);
      } else {
        return showWaiting();
      }
    }).catch(function () {
      say("danger", "This phone could not keep the form while offline. Please send it again when you are back online.");
    });
  }

  // A fresh CSRF token from any signed-in page (every page's logout form carries one).
  function freshToken() {
    return fetch(config.home, {credentials: "same-origin"}).then(function (response) {
      return response.text();
    }).then(function (html) {
      var input = new DOMParser().parseFromString(html, "text/html").querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : null;
    });
  }

  function post(entry, token) {
    var body = new URLSearchParams();
    entry.fields.forEach(function (pair) {
      body.append(pair[0], pair[0] === "csrfmiddlewaretoken" && token ? token : pair[1]);
    });
    return fetch(entry.action, {method: "POST", body: body, credentials: "same-origin"});
  }

  // "sent", "refused" or "wait".
  function send(entry) {
    return post(entry, null).then(function (response) {
      if (response.status === 403) {
        return freshToken().then(function (token) { return token ? post(entry, token) : response; });
      }
      return response;
    }).then(function (response) {
      var path = new URL(response.url).pathname;
      if (path === config.login) {
        return "wait";
      }
      if (response.redirected && response.ok) {
        return path === config.urgent ? "urgent" : "sent";
      }
      return response.status >= 500 || response.status === 429 ? "wait" : "refused";
    }, function () {
      return "wait";
    });
  }

  function flush() {
    if (flushing || !navigator.onLine) {
      return flushing || Promise.resolve();
    }
    flushing = waiting().then(function (entries) {
      var chain = Promise.resolve(true);
      entries.forEach(function (entry) {
        chain = chain.then(function (goOn) {
          if (!goOn) {
            return false;
          }
          return send(entry).then(function (result) {
            if (result === "wait") {
              return false;
            }
            return withStore("readwrite", function (store) { return store.delete(entry.id); }).then(function () {
              if (result === "urgent" && window.location.pathname !== config.urgent) {
                window.location.assign(config.urgent); // the server's answer: stop and get advice
                return false;
              }
              // Its "waiting" line goes as its answer is said, never after it.
              statusBox().querySelectorAll(".outbox-waiting").forEach(function (line) {
                if (line.getAttribute("data-entry") === String(entry.id)) {
                  line.remove();
                }
              });
              if (result !== "refused") {
                say("success", "Sent: " + entry.label + " from " + when(entry.queuedAt) + ". Thank you.");
              } else {
                say("danger", "Your " + entry.label + " from " + when(entry.queuedAt) +
                  " could not be saved as it was. Please fill it in again.");
              }
              return true;
            });
          });
        });
      });
      return chain;
    }).then(showWaiting, function () { return null; }).then(function () {
      flushing = null;
    });
    return flushing;
  }

  function forgetAll() {
    var cleared = withStore("readwrite", function (store) { return store.clear(); }).catch(function () { return null; });
    var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (!worker) {
      return cleared;
    }
    var forgotten = new Promise(function (resolve) {
      navigator.serviceWorker.addEventListener("message", function (event) {
        if (event.data && event.data.type === "forgotten") {
          resolve();
        }
      });
      window.setTimeout(resolve, 3000); // the logout answer's Clear-Site-Data does it too
    });
    worker.postMessage({type: "forget"});
    return Promise.all([cleared, forgotten]);
  }

  function onLogout(event) {
    var form = event.target;
    if (form.dataset.leaving) {
      return;
    }
    event.preventDefault();
    form.dataset.leaving = "1";
    flush().then(forgetAll, forgetAll).then(function () { form.submit(); }, function () { form.submit(); });
  }

  function keepToday() {
    var kept = document.querySelector("[data-offline-keep]");
    if (!kept || !navigator.serviceWorker || !navigator.onLine) {
      return;
    }
    var media = [];
    kept.querySelectorAll("img[src], video[poster]").forEach(function (node) {
      media.push(node.getAttribute("src") || node.getAttribute("poster"));
    });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "kept") {
        document.documentElement.setAttribute("data-offline-ready", "");
      }
    });
    navigator.serviceWorker.ready.then(function (registration) {
      registration.active.postMessage({type: "keep", media: media, owner: config.owner || ""});
    });
  }

  function offlineNotice() {
    document.querySelectorAll(".messages").forEach(function (node) { node.remove(); });
    document.querySelectorAll("[data-offline-text]").forEach(function (node) {
      node.textContent = node.dataset.offlineText;
    });
    var line = say("info", "You are offline. This is the copy kept on this phone when you last opened it online.");
    line.classList.add("outbox-offline");
  }

  document.querySelectorAll("form[data-offline-queue]").forEach(function (form) {
    if (!navigator.onLine) {
      freshKeys(form); // a kept copy of the page: its key may have been used already
    }
    form.addEventListener("submit", onSubmit);
  });
  document.querySelectorAll("form[data-logout]").forEach(function (form) {
    form.addEventListener("submit", onLogout);
  });
  window.addEventListener("online", function () {
    document.querySelectorAll(".outbox-offline").forEach(function (node) { node.remove(); });
    flush();
  });
  window.addEventListener("offline", offlineNotice);
  if (!navigator.onLine) {
    offlineNotice();
  }
  if ("serviceWorker" in navigator && config.worker) {
    navigator.serviceWorker.register(config.worker, {scope: config.scope}).then(keepToday, function () { return null; });
  }
  showWaiting().then(flush);
})();
