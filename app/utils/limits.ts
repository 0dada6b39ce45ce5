/** Lengths of stored text, shared by the server checks and the forms' maxLength. */
export const NAME_MAX = 100;
export const EMAIL_MAX = 254;
export const UNIVERSITY_NAME_ZH_MAX = 100;
export const UNIVERSITY_NAME_EN_MAX = 150;
export const SEARCH_MAX = 200;
