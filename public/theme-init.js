// Applies a stored theme before the first paint, so a dark-theme reader never sees a white flash.
// A file of its own (loaded blocking in <head>) rather than an inline script: the Content-Security-Policy
// allows scripts from this origin only.
(function () {
  var root = document.documentElement;
  root.classList.add('js');
  try {
    var theme = localStorage.getItem('course-theme');
    if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
  } catch (e) {
    // Storage can be blocked (private modes, strict settings): follow the system theme.
  }
})();
