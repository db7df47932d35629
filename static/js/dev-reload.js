// Dev mode only: reload the page when the server says a lesson changed.
(function () {
  var events = new EventSource("/dev/events");
  events.addEventListener("reload", function () { window.location.reload(); });
})();
