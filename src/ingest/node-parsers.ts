import { readParquet } from 'parquet-wasm/node';
import { makeFileParsers } from './file-parsers.ts';

/** JSON and Parquet parsing in Node, for the command-line runner and the tests. */
export const nodeParsers = makeFileParsers(readParquet);
