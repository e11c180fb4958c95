import {
  Bool, DateDay, Float64, Int64, Table, TimestampMicrosecond, Utf8, makeData, makeVector, tableToIPC,
  type Data, type DataType, type Vector,
} from 'apache-arrow';

/** The column kinds the JSON and Excel readers produce. */
export type ArrowKind = 'bool' | 'int' | 'float' | 'date' | 'timestamp' | 'string';

/**
 * A column of plain values, null for NULL: booleans; numbers for int and float; epoch days for
 * date; epoch microseconds for timestamp (exact as doubles until the year 2255); text for string.
 */
export interface ArrowColumn {
  name: string;
  kind: ArrowKind;
  values: ReadonlyArray<number | string | boolean | null>;
}

/**
 * Builds an Arrow IPC stream from columns on typed arrays, for the JSON and Excel readers alike.
 * Arrow's own builders call `new Function`, which the page's Content-Security-Policy forbids.
 */
export function columnsToArrowIPC(columns: readonly ArrowColumn[]): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const column of columns) vectors[column.name] = makeVector(buildColumn(column));
  return tableToIPC(new Table(vectors), 'stream');
}

function buildColumn({ kind, values }: ArrowColumn): Data<DataType> {
  const length = values.length;
  const nullBitmap = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null) nullCount++;
    else nullBitmap[i >> 3] |= 1 << (i & 7);
  });
  switch (kind) {
    case 'bool': {
      const data = new Uint8Array((length + 7) >> 3);
      values.forEach((v, i) => v === true && (data[i >> 3] |= 1 << (i & 7)));
      return makeData({ type: new Bool(), length, nullCount, nullBitmap, data });
    }
    case 'int': {
      const data = new BigInt64Array(length);
      values.forEach((v, i) => v !== null && (data[i] = BigInt(Number(v))));
      return makeData({ type: new Int64(), length, nullCount, nullBitmap, data });
    }
    case 'float': {
      const data = new Float64Array(length);
      values.forEach((v, i) => v !== null && (data[i] = Number(v)));
      return makeData({ type: new Float64(), length, nullCount, nullBitmap, data });
    }
    case 'date': {
      const data = new Int32Array(length);
      values.forEach((v, i) => v !== null && (data[i] = Number(v)));
      return makeData({ type: new DateDay(), length, nullCount, nullBitmap, data });
    }
    case 'timestamp': {
      const data = new BigInt64Array(length);
      values.forEach((v, i) => v !== null && (data[i] = BigInt(Number(v))));
      return makeData({ type: new TimestampMicrosecond(), length, nullCount, nullBitmap, data });
    }
    default: {
      const encoder = new TextEncoder();
      const parts = values.map((v) => (v === null ? new Uint8Array() : encoder.encode(String(v))));
      const valueOffsets = new Int32Array(length + 1);
      parts.forEach((p, i) => (valueOffsets[i + 1] = valueOffsets[i] + p.length));
      const data = new Uint8Array(valueOffsets[length]);
      parts.forEach((p, i) => data.set(p, valueOffsets[i]));
      return makeData({ type: new Utf8(), length, nullCount, nullBitmap, valueOffsets, data });
    }
  }
}
