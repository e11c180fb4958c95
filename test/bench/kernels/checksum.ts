/** Sum of label * (row + 1): differs when any one label does, and is cheap to send from a worker. */
export function labelChecksum(labels: Int32Array): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += labels[i] * (i + 1);
  return sum;
}
