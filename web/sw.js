// ptcalc's service worker: keeps the page working offline once it has been loaded.
//
// `cargo xtask` writes dist/sw.js from this template after `trunk build --release`, filling in
// the build's version (a hash of every asset) and the list of its files. Every asset but
// index.html has a content hash in its name, so a release never mixes with another one:
//
// - install: caches this release's files under `ptcalc-<version>`;
// - activate: deletes every other ptcalc cache (the previous release);
// - fetch: the page itself (any query) is network-first, falling back to this release's cached
//   index.html when offline; so is `ratecards.json` (an organization's card, replaced by the
//   team that hosts the page without a new release: never served stale while online, the copy
//   cached at install when offline); the hashed assets are cache-first. Nothing outside this
//   folder is touched, and nothing is ever sent anywhere.
const VERSION = "__PTCALC_VERSION__";
const ASSETS = __PTCALC_ASSETS__;
const CACHE = `ptcalc-${VERSION}`;
const SCOPE = new URL("./", self.location).href;
const INDEX = new URL("./index.html", self.location).href;
const ORG_CARD = new URL("./ratecards.json", self.location).href;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(ASSETS.map((a) => new URL(a, SCOPE).href)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith("ptcalc-") && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) {
    return;
  }
  const url = new URL(request.url);
  const isPage = request.mode === "navigate" || url.href.split(/[?#]/)[0] === SCOPE;
  if (isPage) {
    event.respondWith(
      // The fallback is this release's own index.html, cached at install: a newer index.html
      // from the network is not cached here, since its assets belong to the next worker.
      fetch(request).catch(() =>
          caches
            .open(CACHE)
            .then((cache) => cache.match(INDEX))
            .then((cached) => cached ?? Response.error()),
        ),
    );
    return;
  }
  if (url.href.split(/[?#]/)[0] === ORG_CARD) {
    event.respondWith(
      fetch(request).catch(() =>
        caches
          .open(CACHE)
          .then((cache) => cache.match(ORG_CARD))
          .then((cached) => cached ?? Response.error()),
      ),
    );
    return;
  }
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(request, { ignoreSearch: true }))
      .then((cached) => cached ?? fetch(request)),
  );
});
