/**
 * A small label-placement pass for charts whose labels sit beside points: Plot draws the marks,
 * this decides where each label goes so that none overprints another or leaves the frame.
 * Everything here is in pixels; the chart turns the answer back into its own coordinates.
 */

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A point to label: its centre, its radius, and the label's size. */
export interface LabelRequest {
  x: number;
  y: number;
  r: number;
  width: number;
  height: number;
}

/** Where a label's centre goes. */
export interface LabelSpot {
  x: number;
  y: number;
}

function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

function inside(a: Box, frame: Box): boolean {
  return a.left >= frame.left && a.right <= frame.right && a.top >= frame.top && a.bottom <= frame.bottom;
}

function boxAt(x: number, y: number, w: number, h: number): Box {
  return { left: x - w / 2, right: x + w / 2, top: y - h / 2, bottom: y + h / 2 };
}

/**
 * Places each label near its point: above, below, right, left or a diagonal, farther out by
 * steps when those are taken. A spot must stay inside `frame`, keep clear of every other point's
 * disc and of labels already placed. Larger points are placed first: they have the least room.
 * A label that finds no free spot takes the one that overlaps least, inside the frame.
 */
export function placeLabels(requests: readonly LabelRequest[], frame: Box, gap = 3): LabelSpot[] {
  const discs = requests.map((p) => ({ left: p.x - p.r, right: p.x + p.r, top: p.y - p.r, bottom: p.y + p.r }));
  const placed: Box[] = [];
  const spots: LabelSpot[] = new Array(requests.length);
  const order = requests.map((_, i) => i).sort((a, b) => requests[b].r - requests[a].r || a - b);
  for (const i of order) {
    const p = requests[i];
    let best: { spot: LabelSpot; box: Box; cost: number } | null = null;
    for (let ring = 0; ring < 6 && !(best && best.cost === 0); ring++) {
      const out = p.r + gap + ring * (p.height + gap);
      const dx = p.width / 2 + out;
      const dy = p.height / 2 + out;
      const candidates: Array<[number, number]> = [[0, -dy], [0, dy], [dx, 0], [-dx, 0], [dx, -dy], [-dx, -dy], [dx, dy], [-dx, dy]];
      for (const [cx, cy] of candidates) {
        const spot = { x: p.x + cx, y: p.y + cy };
        let box = boxAt(spot.x, spot.y, p.width, p.height);
        if (!inside(box, frame)) {
          // Slide a label that sticks out back into the frame, then judge it like any other.
          const sx = Math.max(frame.left - box.left, 0) - Math.max(box.right - frame.right, 0);
          const sy = Math.max(frame.top - box.top, 0) - Math.max(box.bottom - frame.bottom, 0);
          spot.x += sx;
          spot.y += sy;
          box = boxAt(spot.x, spot.y, p.width, p.height);
          if (!inside(box, frame)) continue;
        }
        const cost = placed.filter((b) => overlaps(b, box)).length * 10 + discs.filter((d, j) => j !== i && overlaps(d, box)).length + (overlaps(discs[i], box) ? 1 : 0) + ring * 0.01;
        if (!best || cost < best.cost) best = { spot, box, cost };
        if (cost === 0 || cost === ring * 0.01) {
          best = { spot, box, cost: 0 };
          break;
        }
      }
    }
    const chosen = best ?? { spot: { x: p.x, y: p.y }, box: boxAt(p.x, p.y, p.width, p.height), cost: 0 };
    placed.push(chosen.box);
    spots[i] = chosen.spot;
  }
  return spots;
}

/**
 * Spreads labels stacked in one column (e.g. the ends of lines) so that their centres are at
 * least `gap` apart, keeping each as close to its own `y` as it can and all within [min, max].
 */
export function dodgeY(ys: readonly number[], gap: number, min: number, max: number): number[] {
  const order = ys.map((_, i) => i).sort((a, b) => ys[a] - ys[b] || a - b);
  const out = ys.slice();
  // Push down from the top, then back up from the bottom if the column ran past max.
  let prev = -Infinity;
  for (const i of order) {
    out[i] = Math.max(Math.max(ys[i], min), prev + gap);
    prev = out[i];
  }
  let next = Infinity;
  for (const i of [...order].reverse()) {
    out[i] = Math.min(out[i], max, next - gap);
    next = out[i];
  }
  return out;
}
