import { describe, expect, it } from "vitest";
import { safeRedirect } from "./redirect";

describe("safeRedirect", () => {
  it.each([
    ["/courses", "/courses"],
    ["/admin/users?q=a#top", "/admin/users?q=a#top"],
    ["/reset/abc", "/reset/abc"],
  ])("keeps the same-site path %s", (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "%252F%252Fevil.example",
    "/%09/evil.example",
    " /courses",
    "",
    "courses",
    "http:/evil.example",
    "java%0ascript:alert(1)",
  ])("falls back for %s", (input) => {
    expect(safeRedirect(input, "/home")).toBe("/home");
  });

  it("ignores values that are not strings", () => {
    expect(safeRedirect(null, "/x")).toBe("/x");
    expect(safeRedirect(new File([], "f"), "/x")).toBe("/x");
  });
});
