// Download page: one HTML file holding the page, its scripts, its styles, its wasm
// (base64) and the current view, that works opened from disk with no network, under
// the page's own Content-Security-Policy with 'self' replaced by the hashes of the
// copy's one script and its styles (no 'unsafe-inline'). Modules cannot be imported
// from file://, so the module graph (from www/main.js) is inlined as one module
// script: each module becomes a function whose exports are an object, each import
// reads that object, and each dynamic import() of a literal path resolves to it.
// index.js loads this file on the first press of Download page.

/** The end tag of a script, written so that this file (inlined too) holds none. */
const SCRIPT_END = new RegExp('<' + '/(script)', 'gi');

/** The name of the placeholders of the styles in the copy's parsed document. */
const STYLE_MARK = 'gradscope-offline-style';

/** Static imports at the start of a line: `import a, { b as c } from './x.js';`. */
const IMPORT = /^import\s+(?:([\s\S]*?)\s+from\s+)?['"]([^'"]+)['"];?[ \t]*$/gm;
/** A dynamic import of a literal path (import, a parenthesis, a quoted path). */
const DYNAMIC_IMPORT = /\bimport\((['"])([^'"]+)\1\)/g;
/** Declarations exported at the start of a line. */
const EXPORTED_DECLARATION = /^export\s+((?:async\s+)?function\*?|class|const|let|var)\s+([\w$]+)/gm;
/** `export { a, b as c };` at the start of a line. */
const EXPORT_LIST = /^export\s*\{([^}]*)\};?[ \t]*$/gm;
/** `export default ...` at the start of a line. */
const EXPORT_DEFAULT = /^export\s+default\s+/gm;

async function fetchOk(url, kind = 'text') {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return kind === 'bytes' ? new Uint8Array(await response.arrayBuffer()) : response.text();
}

/** Every module from `entry`, each after those it imports statically (the ones it
 * imports dynamically are in the list too, before it): [{url, source}]. */
async function moduleGraph(entry) {
  const seen = new Set();
  const order = [];
  const visit = async (url) => {
    if (seen.has(url)) return;
    seen.add(url);
    const source = await fetchOk(url);
    const imports = [...source.matchAll(IMPORT)].map((m) => m[2])
      .concat([...source.matchAll(DYNAMIC_IMPORT)].map((m) => m[2]));
    for (const specifier of imports) {
      await visit(new URL(specifier, url).href);
    }
    order.push({ url, source });
  };
  await visit(entry);
  return order;
}

/** `const { default: a, b: c } = modules["url"];` for an import clause. */
function importBindings(clause, from) {
  if (!clause) return '';
  const namespace = clause.match(/^\*\s+as\s+([\w$]+)$/);
  if (namespace) return `const ${namespace[1]} = ${from};`;
  const braces = clause.match(/\{([\s\S]*)\}/);
  const names = braces
    ? braces[1].split(',').map((s) => s.trim()).filter(Boolean).map((s) => s.replace(/\s+as\s+/, ': '))
    : [];
  const first = clause.replace(/\{[\s\S]*\}/, '').replace(/,/g, '').trim();
  if (first) names.unshift(`default: ${first}`);
  return `const { ${names.join(', ')} } = ${from};`;
}

/** One module as a function of the modules before it, stored under its URL. */
export function wrapModule(url, source) {
  const exported = [];
  let code = source.replace(IMPORT, (_, clause, specifier) => {
    const from = `modules[${JSON.stringify(new URL(specifier, url).href)}]`;
    return importBindings(clause?.trim(), from);
  });
  // Read when the import() runs, by when every module of the copy is defined.
  code = code.replace(DYNAMIC_IMPORT, (_, quote, specifier) => (
    `Promise.resolve().then(() => modules[${JSON.stringify(new URL(specifier, url).href)}])`));
  code = code.replace(EXPORTED_DECLARATION, (_, kind, name) => {
    exported.push(name);
    return `${kind} ${name}`;
  });
  code = code.replace(EXPORT_LIST, (_, list) => {
    for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [local, as] = item.split(/\s+as\s+/);
      exported.push(as ? `${as}: ${local}` : local);
    }
    return '';
  });
  code = code.replace(EXPORT_DEFAULT, () => {
    exported.push('default: moduleDefault');
    return 'const moduleDefault = ';
  });
  return `modules[${JSON.stringify(url)}] = (() => {\n${code}\nreturn { ${exported.join(', ')} };\n})();\n`;
}

/** Bytes as base64, in chunks (a spread of a whole module overflows the stack). */
function base64(bytes) {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

/** The CSP source of a text's SHA-256: `'sha256-...'`. */
async function hashSource(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return `'sha256-${base64(new Uint8Array(digest))}'`;
}

/**
 * The offline copy's HTML: `index.html` with its styles and module graph inlined,
 * the wasm given to the module's init as bytes, the view `query` to open, and a
 * CSP with hashes for the inline script and styles.
 */
export async function offlineCopy(query) {
  const base = new URL('index.html', document.baseURI);
  const doc = new DOMParser().parseFromString(await fetchOk(base.href), 'text/html');
  for (const link of doc.querySelectorAll('link[rel="modulepreload"], link[rel="preload"]')) link.remove();
  // Styles go in as text after serialising: a <style> put into even a parsed
  // document is checked against this page's CSP (and refused).
  const styles = [];
  for (const link of doc.querySelectorAll('link[rel="stylesheet"]')) {
    styles.push(await fetchOk(new URL(link.getAttribute('href'), base).href));
    const mark = doc.createElement('meta');
    mark.setAttribute('name', STYLE_MARK);
    mark.setAttribute('content', String(styles.length - 1));
    link.replaceWith(mark);
  }
  const styleHashes = await Promise.all(styles.map(hashSource));
  const entry = doc.querySelector('script[type="module"][src]');
  const modules = await moduleGraph(new URL(entry.getAttribute('src'), base).href);
  const glue = modules.find((m) => m.url.endsWith('/pkg/gradscope.js'));
  const wasm = await fetchOk(new URL('gradscope_bg.wasm', glue.url).href, 'bytes');
  const parts = ['const modules = {};\n'];
  for (const { url, source } of modules) {
    parts.push(wrapModule(url, source));
    if (url === glue.url) {
      // The module's init loads the wasm from these bytes instead of a URL.
      parts.push(`{
  const glue = modules[${JSON.stringify(url)}];
  const bytes = Uint8Array.from(atob(${JSON.stringify(base64(wasm))}), (c) => c.charCodeAt(0));
  modules[${JSON.stringify(url)}] = { ...glue, default: () => glue.default({ module_or_path: bytes }) };
}
`);
    }
  }
  const script = doc.createElement('script');
  script.type = 'module';
  script.textContent = parts.join('').replace(SCRIPT_END, '<\\/$1');
  entry.replaceWith(script);
  const policy = doc.querySelector('meta[http-equiv="Content-Security-Policy"]');
  policy.content = policy.content
    .replace("script-src 'self'", `script-src ${await hashSource(script.textContent)}`)
    .replace("style-src 'self'", `style-src ${styleHashes.join(' ')}`);
  doc.documentElement.dataset.view = query;
  doc.documentElement.dataset.offline = '';
  const html = doc.documentElement.outerHTML.replace(
    new RegExp(`<meta name="${STYLE_MARK}" content="(\\d+)">`, 'g'),
    (_, i) => `<style>${styles[Number(i)]}</style>`,
  );
  return `<!doctype html>\n${html}\n`;
}
