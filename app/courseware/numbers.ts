/**
 * A decimal number as authors write quiz answers and students type them:
 * optional sign, digits with an optional fraction, optional exponent. No hex,
 * no Infinity, no empty string (which Number() would read as 0). One pattern
 * for the quiz parser and the grader, so an answer the parser accepts is
 * one the grader can match.
 */
export const DECIMAL_NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
