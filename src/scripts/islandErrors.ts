/**
 * A part of the page (an Astro island) whose code could not be downloaded, e.g. because the
 * network dropped after the page loaded, would otherwise show its buttons and do nothing. This
 * puts a visible error with a retry in front of it and makes the dead copy inert until it loads.
 */
interface IslandElement extends HTMLElement { start(): Promise<void> }

export function watchIslandErrors(): void {
  document.addEventListener('astro:hydration-error', (event) => {
    const island = event.target as IslandElement;
    if (!(island instanceof HTMLElement) || island.previousElementSibling?.classList.contains('island-error')) return;
    island.inert = true;
    island.classList.add('island--failed');
    const alert = document.createElement('div');
    alert.className = 'error-alert island-error';
    alert.setAttribute('role', 'alert');
    const message = document.createElement('p');
    message.className = 'error-alert__message';
    message.innerHTML = '<strong>This part of the page could not be loaded.</strong>';
    const hint = document.createElement('p');
    hint.className = 'error-alert__hint';
    hint.textContent = 'Its code did not download: the connection may have dropped. Check it, then try again.';
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.className = 'button';
    retry.textContent = 'Try again';
    retry.addEventListener('click', () => {
      alert.remove();
      island.inert = false;
      island.classList.remove('island--failed');
      void island.start();
    });
    alert.append(message, hint, retry);
    island.before(alert);
  });
}
