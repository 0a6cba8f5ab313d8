import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { hasCatalogue, isLocale } from "./i18n/i18n";

// The page's catalogue script ran before this module (root.tsx, decision 063). Without it every
// text would hydrate as its key; the server-rendered page then simply stays as it is, working as it
// does without JavaScript.
const lang = document.documentElement.lang;
if (isLocale(lang) && hasCatalogue(lang)) {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
} else {
  console.error(`No catalogue for the page's language (${lang}): the page stays without scripts.`);
}
