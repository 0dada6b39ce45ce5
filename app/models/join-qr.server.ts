import QRCode from "qrcode";

/**
 * A join link as SVG for projecting: error correction Q (about a quarter of
 * the code may be lost to glare or a smudged screen) and a four-module quiet
 * zone, the size scanners expect around a code.
 */
export function joinQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", margin: 4, errorCorrectionLevel: "Q" });
}
