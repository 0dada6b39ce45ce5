import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvResponse, neutraliseCell, toCsv } from "./csv.server";

describe("CSV exports", () => {
  it("neutralise every cell a spreadsheet would run as a formula", () => {
    for (const hostile of ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"]) {
      expect(neutraliseCell(hostile)).toBe(`'${hostile}`);
    }
    expect(neutraliseCell("王小明")).toBe("王小明");
    expect(neutraliseCell("a=b")).toBe("a=b");
    expect(neutraliseCell(-3)).toBe(-3);
    expect(neutraliseCell(null)).toBe("");
    expect(neutraliseCell(Number.NaN)).toBe("");
  });

  it("write UTF-8 with a BOM, CRLF rows, quotes and commas intact when read back", async () => {
    const csv = toCsv(
      ["姓名", "note"],
      [
        ["王小明", 'says "hi", twice'],
        ['=HYPERLINK("x")', "line\nbreak"],
      ],
    );
    expect(csv.startsWith("\uFEFF姓名,note\r\n")).toBe(true);
    const back = parse(csv, { bom: true }) as string[][];
    expect(back).toEqual([
      ["姓名", "note"],
      ["王小明", 'says "hi", twice'],
      ['\'=HYPERLINK("x")', "line\nbreak"],
    ]);
    const response = csvResponse("名单 roster.csv", csv);
    expect(response.headers.get("Content-Disposition")).toBe(
      "attachment; filename=\"___roster.csv\"; filename*=UTF-8''%E5%90%8D%E5%8D%95%20roster.csv",
    );
    expect(new Uint8Array(await response.arrayBuffer()).slice(0, 3)).toEqual(
      new Uint8Array([0xef, 0xbb, 0xbf]),
    );
  });
});
