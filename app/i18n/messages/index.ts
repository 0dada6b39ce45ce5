import { admin } from "./admin";
import { auth } from "./auth";
import { common } from "./common";
import { compute } from "./compute";
import { courses } from "./courses";
import { learning } from "./learning";

/**
 * The one message catalogue. Each area keeps its own file; every key carries
 * both languages side by side so a missing translation is a type error.
 */
export const messages = { ...common, ...auth, ...admin, ...courses, ...learning, ...compute } as const;
export type MessageKey = keyof typeof messages;
