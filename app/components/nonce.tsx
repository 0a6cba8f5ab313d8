import { createContext, useContext } from "react";

/**
 * This response's Content-Security-Policy nonce (server/edge/headers.ts), for Remix's inline
 * scripts. Set by entry.server.tsx; in the browser it is empty — browsers hide nonce values from
 * the page, and scripts loaded later are our own bundles (script-src 'self').
 */
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
