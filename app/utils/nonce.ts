import { createContext, useContext } from "react";

/** The CSP nonce of this response; only the server knows it (the client renders ""). */
export const NonceContext = createContext("");
export const useNonce = () => useContext(NonceContext);
