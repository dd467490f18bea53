// The reminder page: ticking "A notification on this phone" asks for permission and
// subscribes this browser for Web Push (the portal's service worker receives them);
// unticking unsubscribes it. The server keeps one row per subscribed browser.
(function () {
  "use strict";
  var status = document.getElementById("push-status");
  var box = document.getElementById("id_by_push");
  if (!status || !box) {
    return;
  }
  var token = document.querySelector("#reminder-form input[name=csrfmiddlewaretoken]").value;

  function say(text) {
    status.textContent = text;
  }

  function keyBytes(base64) {
    var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  function tell(body) {
    return fetch(status.dataset.deviceUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token},
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("refused");
      }
    });
  }

  function subscribe() {
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      box.checked = false;
      say("This browser cannot show notifications. On an iPhone, add the portal to your home screen first, then open it from there.");
      return;
    }
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        throw new Error("denied");
      }
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      return registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(status.dataset.pushKey)
      });
    }).then(function (subscription) {
      var data = subscription.toJSON();
      data.action = "add";
      return tell(data);
    }).then(function () {
      say("Notifications are set up on this phone. Save to keep your choice.");
    }).catch(function (error) {
      box.checked = false;
      say(error && error.message === "denied"
        ? "Notifications are blocked for this site. Allow them in the browser's settings, or choose email."
        : "Notifications could not be set up on this phone. Please try again, or choose email.");
    });
  }

  function unsubscribe() {
    if (!("serviceWorker" in navigator)) {
      return;
    }
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) {
        return null;
      }
      var endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(function () {
        return tell({action: "remove", endpoint: endpoint});
      });
    }).then(function () {
      say("Notifications are off on this phone. Save to keep your choice.");
    }).catch(function () {
      return null;
    });
  }

  box.addEventListener("change", function () {
    if (box.checked) {
      subscribe();
    } else {
      unsubscribe();
    }
  });
})();
