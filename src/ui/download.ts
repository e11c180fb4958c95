import { transfer, wrap } from 'comlink';
import { Cancelled } from '../cancelled.ts';
import { chartFileName, standaloneSvg, type ExportColours } from '../charts/svg-export.ts';
import type { Database } from '../db/database.ts';
import { exportFileName, exportTable, type ExportFormat } from '../db/table-export.ts';
import { exportAudiences } from '../engine/audiences/audience-export.ts';
import { audienceZipName, planAudienceFiles, type AudienceRequest } from '../engine/audiences/audience-plan.ts';
import type { TableColumn } from '../db/catalog.ts';
import { startModuleWorker } from '../workers/start-worker.ts';
import workerUrl from '../ingest/ingest.worker.ts?worker&url';
import type { IngestWorkerApi } from '../ingest/ingest.worker.ts';

/** PNG pixels per SVG pixel, so the picture stays sharp on high-density screens and in slides. */
const PNG_SCALE = 2;

/** Hands a file to the browser's downloads. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it starts; a moment later the URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads a chart drawn inside `holder` as SVG or PNG, in the colours it has on screen. */
export async function downloadChart(chart: Element, holder: Element, title: string, format: 'svg' | 'png'): Promise<void> {
  const svg = standaloneSvg(chart, screenColours(holder));
  const svgBlob = new Blob([svg.text], { type: 'image/svg+xml' });
  if (format === 'svg') {
    saveFile(svgBlob, chartFileName(title, 'svg'));
    return;
  }
  saveFile(await rasterise(svgBlob, svg.width, svg.height), chartFileName(title, 'png'));
}

async function rasterise(svg: Blob, width: number, height: number): Promise<Blob> {
  const url = URL.createObjectURL(svg);
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * PNG_SCALE);
    canvas.height = Math.ceil(height * PNG_SCALE);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw the chart as a PNG; download it as SVG instead');
    context.scale(PNG_SCALE, PNG_SCALE);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be made; download the chart as SVG instead'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The text colour and the first solid background behind `el`, as the theme shows them. */
function screenColours(el: Element): ExportColours {
  const text = getComputedStyle(el).color;
  for (let at: Element | null = el; at; at = at.parentElement) {
    const background = getComputedStyle(at).backgroundColor;
    if (background && background !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(background)) return { text, background };
  }
  return { text, background: 'white' };
}

/**
 * The table encoder's worker, started on the first download and kept for the next ones, so that
 * parquet-wasm is compiled once per tab rather than at every export. A worker that fails is
 * dropped and the next download starts a fresh one.
 */
let encoder: { worker: Worker; api: ReturnType<typeof wrap<IngestWorkerApi>>; failed: Promise<never> } | null = null;

function tableEncoder(): NonNullable<typeof encoder> {
  if (encoder) return encoder;
  const worker = startModuleWorker(workerUrl);
  const failed = new Promise<never>((_, reject) =>
    worker.addEventListener('error', (e) => {
      if (encoder?.worker === worker) encoder = null;
      worker.terminate();
      reject(new Error(`the table writer stopped (${e.message || 'worker error'}); try again`));
    }),
  );
  // Unobserved until a download races it; without this an idle failure is an unhandled rejection.
  failed.catch(() => {});
  encoder = { worker, api: wrap<IngestWorkerApi>(worker), failed };
  return encoder;
}

/**
 * Downloads a table as CSV, Parquet or .xlsx. DuckDB hands over the rows as Arrow; a worker of its
 * own encodes them, so a big table does not freeze the page.
 */
export async function downloadTable(db: Database, table: string, format: ExportFormat, signal?: AbortSignal): Promise<void> {
  saveFile(await tableFile(db, table, format, signal), exportFileName(table, format));
}

/** A table encoded as a CSV, Parquet or .xlsx file by the encoder's worker: for downloads, and for keeping sources in this browser. */
export function tableFile(db: Database, table: string, format: ExportFormat, signal?: AbortSignal, background = false): Promise<Blob> {
  return exportTable(db, table, format, (streams, decimals, f) => {
    signal?.throwIfAborted();
    const current = tableEncoder();
    const own = ownBuffers(streams);
    return Promise.race([current.api.encodeTable(transfer(own, own.map((s) => s.buffer)), decimals, f, table), current.failed, stopOnAbort(current, signal)]);
  }, signal, background);
}

/**
 * Rejects with Cancelled when `signal` aborts, ending the encoder's worker: an encoding cannot be
 * stopped halfway, and a worker left encoding would hold the table's buffers until it finished.
 * The next download starts a fresh worker.
 */
function stopOnAbort(current: NonNullable<typeof encoder>, signal: AbortSignal | undefined): Promise<never> {
  return new Promise<never>((_, reject) => {
    signal?.addEventListener('abort', () => {
      if (encoder === current) encoder = null;
      current.worker.terminate();
      reject(new Cancelled());
    }, { once: true });
  });
}

/**
 * Downloads audience lists: one file, or several in one .zip, since browsers ask the user before
 * a page starts a second download and some then drop the rest. Returns the downloaded file's name.
 */
export async function downloadAudiences(db: Database, request: AudienceRequest, columns: TableColumn[], today: Date): Promise<string> {
  const { api, failed } = tableEncoder();
  const plans = planAudienceFiles(request, columns, today);
  const { fileName, blob } = await exportAudiences(db, plans, request.format, (files, format) => {
    const own = files.map((f) => ({ ...f, streams: ownBuffers(f.streams) }));
    const buffers = own.flatMap((f) => f.streams.map((s) => s.buffer));
    return Promise.race([api.encodeFiles(transfer(own, buffers), format, audienceZipName(request.table, today)), failed]);
  });
  saveFile(blob, fileName);
  return fileName;
}

/** Streams that own their whole buffer, so they can be transferred rather than copied. */
function ownBuffers(streams: Uint8Array[]): Uint8Array[] {
  return streams.map((s) => (s.byteOffset === 0 && s.byteLength === s.buffer.byteLength ? s : s.slice()));
}
