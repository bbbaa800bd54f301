// Reads the pixels of a PNG, as Chromium's screenshots and screencasts write them (8 bits per
// channel, RGB or RGBA, not interlaced): enough to compare one region of the screen over time.
import { inflateSync } from "node:zlib";

const SIGNATURE = 0x89504e47;

// The image in `base64`: its size and its pixels, row by row, `channels` bytes each.
export function readPng(base64) {
  const bytes = Buffer.from(base64, "base64");
  if (bytes.readUInt32BE(0) !== SIGNATURE) throw new Error("not a PNG");
  let width = 0;
  let height = 0;
  let channels = 0;
  const compressed = [];
  for (let offset = 8; offset < bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString("latin1", offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colourType, , , interlace] = data.subarray(8, 13);
      if (depth !== 8 || interlace !== 0 || ![2, 6].includes(colourType)) {
        throw new Error(`a PNG this reader does not know: depth ${depth}, colour type ${colourType}, interlace ${interlace}`);
      }
      channels = colourType === 6 ? 4 : 3;
    } else if (type === "IDAT") {
      compressed.push(data);
    } else if (type === "IEND") {
      break;
    }
    offset += 12 + length;
  }
  const filtered = inflateSync(Buffer.concat(compressed));
  const stride = width * channels;
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = filtered[y * (stride + 1)];
    const line = filtered.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? pixels[y * stride + x - channels] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const upLeft = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      pixels[y * stride + x] = (line[x] + predicted) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

// The PNG filter's predictor: whichever neighbour is closest to left + up - upLeft.
function paeth(left, up, upLeft) {
  const estimate = left + up - upLeft;
  const [toLeft, toUp, toUpLeft] = [left, up, upLeft].map((value) => Math.abs(estimate - value));
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

// The pixels of `rect` ({ x, y, width, height }, in image pixels) of `image`, as one string
// that two pictures of the same region can be compared by.
export function regionOf(image, rect) {
  const rows = [];
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    const start = (y * image.width + rect.x) * image.channels;
    rows.push(image.pixels.toString("latin1", start, start + rect.width * image.channels));
  }
  return rows.join("");
}
