// Comlink ships node-adapter.mjs with its types in node-adapter.d.ts, which TypeScript does not
// pair with an .mjs import; Node, which runs the worker fixtures, needs the .mjs name.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
