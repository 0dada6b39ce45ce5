import { createContext, useContext } from "react";

/** This response's request id (server only), shown on error pages so people can quote it. */
export const RequestIdContext = createContext("");
export const useRequestId = () => useContext(RequestIdContext);
