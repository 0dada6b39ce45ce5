/** Password length bounds: the one place the server check, the form hint and the messages read them. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
