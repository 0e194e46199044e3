/**
 * The editor's model, bundled for the browser as /console/editor/model.mjs (../editor-bundles.ts):
 * everything the page does to a definition, with no DOM.
 */
export * from './states';
export * from './edits';
export * from './history';
export * from './diagnostics';
export * from './take-home';
export * from './templates';
export { setTarget } from './transitions';
