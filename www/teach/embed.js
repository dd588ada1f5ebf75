// Embedding: `embed=1` shows the plots alone with a small link to the full page; the
// button Embed shows an <iframe> snippet of the current view (read-only text box
// "embed code", button Copy); and the page around an embedded one drives it with
// window.postMessage: {type: "gradscope:set", state} applies a view as a link would
// (all of it, or nothing: a refused state is reported in the alert and changes
// nothing), {type: "gradscope:get"} is answered with {type: "gradscope:state",
// state}. Anything else is ignored. An embedded page never takes focus by itself;
// Esc hands focus back to the page around it.

const $ = (id) => document.getElementById(id);

/** The size of the snippet's iframe, in CSS pixels. */
const FRAME = { width: 720, height: 540 };

/** The page's address with the query `query`. */
function pageUrl(query) {
  const url = new URL(window.location.href);
  url.search = query ? `?${query}` : '';
  url.hash = '';
  return url.href;
}

/** `query` with `key` set to `value` (or removed for null). */
function withKey(query, key, value) {
  const params = new URLSearchParams(query);
  if (value === null) params.delete(key);
  else params.set(key, value);
  // URLSearchParams escapes the spec punctuation; a snippet reads better without.
  return params.toString().replace(/%28/g, '(').replace(/%29/g, ')').replace(/%2C/g, ',')
    .replace(/%3D/g, '=').replace(/%2F/g, '/').replace(/%3A/g, ':');
}

/** Text safe inside a double-quoted HTML attribute. */
function attribute(text) {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The <iframe> snippet of the view `query` and estimator `spec`. */
export function snippet(query, spec) {
  const src = pageUrl(withKey(query, 'embed', '1'));
  return `<iframe src="${attribute(src)}" title="${attribute(`gradscope: ${spec}`)}" `
    + `width="${FRAME.width}" height="${FRAME.height}" loading="lazy"></iframe>`;
}

export function initEmbed(page, app) {
  const button = $('embed');
  const panel = $('embed-panel');
  const code = $('embed-code');
  const copied = $('embed-copied');
  const fullPage = $('full-page');

  const showSnippet = (c) => {
    code.value = snippet(page.query(), c.spec);
  };
  button.addEventListener('click', () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    panel.hidden = !open;
    if (open) showSnippet(page.controls());
  });
  $('embed-copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(code.value);
    } catch {
      code.select();
      document.execCommand('copy');
    }
    copied.textContent = 'Copied.';
    setTimeout(() => { copied.textContent = ''; }, 2000);
  });

  window.addEventListener('message', (event) => {
    const data = event.data;
    if (data === null || typeof data !== 'object') return;
    if (data.type === 'gradscope:set' && typeof data.state === 'string') {
      app.stopMotion();
      const messages = page.apply_state(data.state);
      if (messages.length > 0) {
        app.showMessage(messages);
      } else {
        app.showMessage([]);
        app.refresh();
      }
    } else if (data.type === 'gradscope:get' && event.source) {
      const origin = event.origin && event.origin !== 'null' ? event.origin : '*';
      event.source.postMessage({ type: 'gradscope:state', state: page.query() }, origin);
    }
  });

  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || document.documentElement.dataset.embed === undefined) return;
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    if (window.parent !== window) window.parent.focus();
  });

  return {
    refreshed(c) {
      const embedded = (c.keys.embed[0] ?? '') === '1';
      document.documentElement.toggleAttribute('data-embed', embedded);
      fullPage.hidden = !embedded;
      if (embedded) fullPage.href = pageUrl(withKey(page.query(), 'embed', null));
      if (!panel.hidden) showSnippet(c);
    },
  };
}
